-- Coverage and rule checks (check stage): the issues as last found, and the exceptions
-- supervisors accepted. Geometries in EPSG:4548 like every other table.

-- One row per issue of the latest check of every scope. The id is the issue's stable identity
-- (kind, codes and place), so the same problem found again keeps its row and its exception.
-- A check of a scope replaces the rows inside that scope: rows no longer found are deleted.
CREATE TABLE coverage_issue (
    id           char(16)    PRIMARY KEY,
    parent_code  varchar(12) NOT NULL CHECK (parent_code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
    -- the street and area the issue is filed under, for grouping and partitioning; null above them
    street_code  char(9),
    area_code    char(12),
    kind         text        NOT NULL,
    severity     text        NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    -- units first (6 to 15 digits), then building ids
    codes        text[]      NOT NULL,
    area_m2      double precision NOT NULL CHECK (area_m2 >= 0),
    geom         geometry(Geometry, 4548),
    message      text        NOT NULL,
    -- the mechanical repair: {action, description, edits: [{code, op, wkb}]} with WKB (hex) in 4548
    fix          jsonb,
    -- open, or accepted as an exception (coverage_exception holds who, when and why)
    status       text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted')),
    first_found  timestamptz NOT NULL DEFAULT now(),
    last_found   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coverage_issue_street_idx ON coverage_issue (street_code);
CREATE INDEX coverage_issue_geom_idx ON coverage_issue USING gist (geom);

-- An issue a supervisor accepted as an exception: it stays listed, marked accepted, as long as
-- a check finds it again. Kept after the issue disappears, as the record of the decision.
CREATE TABLE coverage_exception (
    issue_id     char(16)    PRIMARY KEY,
    kind         text        NOT NULL,
    codes        text[]      NOT NULL,
    reason       text        NOT NULL CHECK (length(btrim(reason)) > 0),
    accepted_by  text        NOT NULL,
    accepted_at  timestamptz NOT NULL DEFAULT now()
);
