-- Delineation state beside the subarea contract of V2 (whose columns stay as they are).

-- Versions never repeat: delineation and edits write every subarea with the next number of this
-- sequence, so one deleted and created again (a re-run delineation, an undo, a restored version)
-- gets a number no client holds, and an edit made on an old state is always caught as stale.
-- Areas draw their version from the same sequence. (The column's default of V2 stays, for rows
-- written by others.)
CREATE SEQUENCE subarea_version_seq;

-- why the subarea's households lie outside the band (null inside it), in the words planners read
ALTER TABLE subarea ADD COLUMN exception text;

-- One row per census area whose subareas were accepted: the row edits lock to serialise
-- themselves, with the area's version (bumped by every committed change to its subareas).
CREATE TABLE area_delineation (
    area_code     char(12)    PRIMARY KEY REFERENCES area (code),
    street_code   char(9)     NOT NULL,
    version       bigint      NOT NULL DEFAULT nextval('subarea_version_seq'),
    accepted_at   timestamptz NOT NULL DEFAULT now(),
    accepted_by   text        NOT NULL,
    -- true once a planner changed the accepted subareas by hand
    edited        boolean     NOT NULL DEFAULT false,
    -- buildings a road or river outline runs through, as found when the area was delineated
    cut_buildings jsonb       NOT NULL DEFAULT '[]'::jsonb,
    CHECK (substr(area_code, 1, 9) = street_code)
);
CREATE INDEX area_delineation_street_idx ON area_delineation (street_code);
