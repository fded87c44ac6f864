-- The collection app (building marking, progress reports) and the progress it adds up to.

-- Building marking (建筑物标绘): enumerators add and move buildings on the ground. Every committed
-- change draws the next number of this sequence, so a phone holding an old version gets 409.
-- starts above 1, the version every delivered building has, so the first change is seen as one
CREATE SEQUENCE building_version_seq START 2;
ALTER TABLE building ADD COLUMN version bigint NOT NULL DEFAULT 1;
-- who last marked the building on the ground (null: as delivered)
ALTER TABLE building ADD COLUMN marked_by text;
-- numbers of buildings added on the ground: bid = area code + '-M' + this number
CREATE SEQUENCE building_marked_seq;

-- Progress reports as sent by the phones, every one kept. The id is made by the phone, so a
-- report sent twice (lost answer, retry) is stored once and answered the same both times.
-- Append-only: a report is never changed or removed, whatever arrives later.
CREATE TABLE progress_report (
    report_id      text        PRIMARY KEY CHECK (report_id ~ '^[A-Za-z0-9_-]{8,64}$'),
    subarea_code   char(15)    NOT NULL CHECK (subarea_code ~ '^[0-9]{15}$'),
    bid            text        NOT NULL,
    street_code    char(9)     NOT NULL CHECK (substr(subarea_code, 1, 9) = street_code),
    -- registered 已登记, vacant 空户, refused 拒访, pending 待访
    status         text        NOT NULL CHECK (status IN ('registered', 'vacant', 'refused', 'pending')),
    households     integer     NOT NULL CHECK (households BETWEEN 0 AND 999),
    device_time    timestamptz NOT NULL,
    received_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    reported_by    text        NOT NULL,
    -- what the report did on arrival: became the building's state (applied), repeated the state
    -- with the same content (same), or disagreed with a state at least as new (conflict)
    outcome        text        NOT NULL CHECK (outcome IN ('applied', 'same', 'conflict')),
    -- for a conflict: the report holding the building's state it disagrees with
    conflicts_with text,
    CHECK ((outcome = 'conflict') = (conflicts_with IS NOT NULL))
);
CREATE INDEX progress_report_building_idx ON progress_report (subarea_code, bid);
CREATE INDEX progress_report_conflict_idx ON progress_report (street_code) WHERE outcome = 'conflict';

CREATE FUNCTION progress_report_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'progress_report is append-only: % refused', TG_OP;
END $$;
CREATE TRIGGER progress_report_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON progress_report
    FOR EACH STATEMENT EXECUTE FUNCTION progress_report_is_append_only();

-- The state of every reported building (or part of a vertically split one): the applied report
-- with the newest device time. Keyed by subarea and building like subarea_building; no foreign
-- key, so that a planner's edit of subareas never deletes collected progress.
CREATE TABLE building_progress (
    subarea_code   char(15)    NOT NULL,
    bid            text        NOT NULL,
    street_code    char(9)     NOT NULL,
    report_id      text        NOT NULL REFERENCES progress_report (report_id),
    status         text        NOT NULL,
    households     integer     NOT NULL,
    device_time    timestamptz NOT NULL,
    -- conflicting reports that arrived after this state and wait for a supervisor's look
    conflicts      integer     NOT NULL DEFAULT 0 CHECK (conflicts >= 0),
    PRIMARY KEY (subarea_code, bid)
);
CREATE INDEX building_progress_street_idx ON building_progress (street_code);
