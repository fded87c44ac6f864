-- Roster and assignment (assign stage): enumerators (普查员) to subareas, supervisors (普查指导员)
-- to census areas.
-- Contract read by the collection app, progress and authorisation:
--   person (person_id, name, phone, role, street_code, home_area_code, active, user_id, ...)
--   enumerator_assignment / supervisor_assignment hold the CURRENT assignments only, one row per
--   (unit, person); an assignment that ends moves to assignment_history, so no query of the
--   current state needs a filter. A deactivated person has no current assignment.
-- Unit codes are not foreign keys: delineation deletes and recreates subareas, and an assignment
-- of a code that no longer exists is shown as such instead of blocking the planner's edit.

CREATE TABLE person (
    -- the id from the roster CSV, kept as given (e.g. 普查员证号)
    person_id      text        PRIMARY KEY CHECK (person_id ~ '^[A-Za-z0-9._-]{1,64}$'),
    name           text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    phone          text,
    role           text        NOT NULL CHECK (role IN ('enumerator', 'supervisor')),
    street_code    char(9)     NOT NULL CHECK (street_code ~ '^[0-9]{9}$'),
    home_area_code char(12)    CHECK (home_area_code ~ '^[0-9]{12}$'),
    active         boolean     NOT NULL DEFAULT true,
    -- the login of this person, null until given one
    user_id        bigint      UNIQUE REFERENCES app_user (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    deactivated_at timestamptz,
    -- optimistic concurrency of roster edits: a stale edit gets 409
    version        integer     NOT NULL DEFAULT 1,
    CHECK (active = (deactivated_at IS NULL))
);
CREATE INDEX person_street_idx ON person (street_code);

CREATE TABLE enumerator_assignment (
    subarea_code varchar(15) NOT NULL CHECK (subarea_code ~ '^[0-9]{15}$'),
    person_id    text        NOT NULL REFERENCES person,
    street_code  char(9)     NOT NULL,
    assigned_at  timestamptz NOT NULL DEFAULT now(),
    assigned_by  text        NOT NULL,
    PRIMARY KEY (subarea_code, person_id),
    CHECK (substr(subarea_code, 1, 9) = street_code)
);
CREATE INDEX enumerator_assignment_person_idx ON enumerator_assignment (person_id);
CREATE INDEX enumerator_assignment_street_idx ON enumerator_assignment (street_code);

CREATE TABLE supervisor_assignment (
    area_code   char(12)    NOT NULL CHECK (area_code ~ '^[0-9]{12}$'),
    person_id   text        NOT NULL REFERENCES person,
    street_code char(9)     NOT NULL,
    assigned_at timestamptz NOT NULL DEFAULT now(),
    assigned_by text        NOT NULL,
    PRIMARY KEY (area_code, person_id),
    CHECK (substr(area_code, 1, 9) = street_code)
);
CREATE INDEX supervisor_assignment_person_idx ON supervisor_assignment (person_id);
CREATE INDEX supervisor_assignment_street_idx ON supervisor_assignment (street_code);

-- Every assignment that ended (removed by hand, moved by a proposal or replacement, or ended by
-- deactivation), with its original start: who was responsible for a unit at any time.
CREATE TABLE assignment_history (
    id          bigserial   PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('enumerator', 'supervisor')),
    unit_code   varchar(15) NOT NULL,
    person_id   text        NOT NULL REFERENCES person,
    street_code char(9)     NOT NULL,
    assigned_at timestamptz NOT NULL,
    assigned_by text        NOT NULL,
    ended_at    timestamptz NOT NULL DEFAULT now(),
    ended_by    text        NOT NULL,
    end_reason  text        NOT NULL,
    CHECK (substr(unit_code, 1, 9) = street_code)
);
CREATE INDEX assignment_history_unit_idx ON assignment_history (unit_code);
CREATE INDEX assignment_history_person_idx ON assignment_history (person_id);

-- Assignment proposals (balancing a scope, or replacing a person who dropped out), kept as
-- previewed: accepting applies exactly the changes shown, and only while the assignments of the
-- scope are still those the proposal was computed from (fingerprint), else 409.
CREATE TABLE assignment_proposal (
    id          bigserial   PRIMARY KEY,
    scope       varchar(12) NOT NULL CHECK (scope ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
    kind        text        NOT NULL CHECK (kind IN ('balance', 'replace')),
    -- for a replacement: who drops out
    replaces    text        REFERENCES person,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text        NOT NULL,
    fingerprint text        NOT NULL,
    -- {changes: [{kind, code, remove, add}], spread: {...}, unassigned: [...]} as previewed
    body        jsonb       NOT NULL,
    accepted_at timestamptz,
    accepted_by text
);
