-- Census subareas (普查小区) and the state planners name (versions).
-- Contract read by coverage checks, tiles and assignment: code, area_code, street_code,
-- households, virtual, vertical_of, sizhi, geom, version.

CREATE TABLE subarea (
    code         char(15)    PRIMARY KEY CHECK (code ~ '^[0-9]{15}$'),
    area_code    char(12)    NOT NULL REFERENCES area (code),
    street_code  char(9)     NOT NULL,
    -- households counted for the subarea (sum over its buildings or building parts)
    households   integer     NOT NULL DEFAULT 0 CHECK (households >= 0),
    -- a demolition zone registered without a drawn map: numbered from 900, no geometry
    virtual      boolean     NOT NULL DEFAULT false,
    -- a vertical split of one high-rise (by floors or units): the subarea whose geometry carries
    -- the building's footprint; this one repeats the footprint and is left out of tiling checks
    vertical_of  char(15)    REFERENCES subarea (code) DEFERRABLE INITIALLY DEFERRED,
    -- 四至: the named features bounding it to the east, south, west and north
    sizhi        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    geom         geometry(MultiPolygon, 4548),
    -- optimistic concurrency: every committed change increments it; a stale edit gets 409
    version      integer     NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text        NOT NULL DEFAULT 'system',
    CHECK (substr(code, 1, 12) = area_code),
    CHECK (substr(code, 1, 9) = street_code),
    CHECK (virtual = (substr(code, 13, 1) = '9')),
    CHECK (virtual OR geom IS NOT NULL)
);
CREATE INDEX subarea_geom_idx ON subarea USING gist (geom);
CREATE INDEX subarea_area_idx ON subarea (area_code);
CREATE INDEX subarea_street_idx ON subarea (street_code);

-- Which subarea registers which building; a vertically split building has one row per part.
CREATE TABLE subarea_building (
    subarea_code char(15)    NOT NULL REFERENCES subarea (code) ON DELETE CASCADE,
    bid          text        NOT NULL REFERENCES building (bid),
    street_code  char(9)     NOT NULL,
    households   integer     NOT NULL CHECK (households >= 0),
    -- for a vertical split: which floors or units this part covers, e.g. "1-11层"
    part         text,
    PRIMARY KEY (subarea_code, bid)
);
CREATE INDEX subarea_building_bid_idx ON subarea_building (bid);
