-- Foundation schema of the census map service.
-- Geometries are stored in EPSG:4548 (CGCS2000 / 3-degree Gauss-Kruger CM 117E, metres).
-- Every geographic row carries the 9-digit code of its street office so that tables can later
-- be partitioned by street. Statistical codes: district 6, street 9, area 12, subarea 15 digits.

-- PostGIS must come first on an empty database: Flyway refuses a schema that already holds
-- spatial_ref_sys without a history table.
CREATE EXTENSION IF NOT EXISTS postgis;

-- The published division list (National Bureau of Statistics codes) the delivery is checked against.
CREATE TABLE division_reference (
    code        varchar(12) PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
    level       text        NOT NULL CHECK (level IN ('district', 'street', 'area')),
    name        text        NOT NULL,
    parent_code varchar(12)
);

-- One row per import attempt, accepted or refused; the report is the JSON answered to the caller.
CREATE TABLE import_run (
    id          bigserial   PRIMARY KEY,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    actor       text        NOT NULL,
    source_name text        NOT NULL,
    sha256      char(64)    NOT NULL,
    declared_srid integer,
    accepted    boolean     NOT NULL,
    report      jsonb       NOT NULL
);

CREATE TABLE district (
    code        char(6)     PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
    name        text        NOT NULL,
    geom        geometry(MultiPolygon, 4548)
);

CREATE TABLE street (
    code          char(9)   PRIMARY KEY CHECK (code ~ '^[0-9]{9}$'),
    district_code char(6)   NOT NULL,
    street_code   char(9)   GENERATED ALWAYS AS (code) STORED,
    name          text      NOT NULL,
    geom          geometry(MultiPolygon, 4548) NOT NULL,
    import_id     bigint    REFERENCES import_run (id),
    CHECK (substr(code, 1, 6) = district_code)
);
CREATE INDEX street_geom_idx ON street USING gist (geom);

CREATE TABLE area (
    code        char(12)    PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
    street_code char(9)     NOT NULL REFERENCES street (code) DEFERRABLE INITIALLY DEFERRED,
    name        text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('社区', '村')),
    geom        geometry(MultiPolygon, 4548) NOT NULL,
    import_id   bigint      REFERENCES import_run (id),
    CHECK (substr(code, 1, 9) = street_code)
);
CREATE INDEX area_geom_idx ON area USING gist (geom);
CREATE INDEX area_street_idx ON area (street_code);

-- Linework and land cover keep the delivery's feature id (fid). A feature that spans several
-- streets is filed under the street holding most of it (longest length, largest area).
CREATE TABLE road (
    fid         bigint      PRIMARY KEY,
    street_code char(9)     NOT NULL,
    name        text        NOT NULL DEFAULT '',
    class       text        NOT NULL CHECK (class IN ('主干路', '次干路', '支路', '乡村道路', '铁路')),
    geom        geometry(MultiLineString, 4548) NOT NULL,
    import_id   bigint      REFERENCES import_run (id)
);
CREATE INDEX road_geom_idx ON road USING gist (geom);
CREATE INDEX road_street_idx ON road (street_code);

CREATE TABLE water (
    fid         bigint      PRIMARY KEY,
    street_code char(9)     NOT NULL,
    name        text        NOT NULL DEFAULT '',
    kind        text        NOT NULL CHECK (kind IN ('河流', '沟渠', '坑塘', '湖泊')),
    geom        geometry(MultiPolygon, 4548) NOT NULL,
    import_id   bigint      REFERENCES import_run (id)
);
CREATE INDEX water_geom_idx ON water USING gist (geom);
CREATE INDEX water_street_idx ON water (street_code);

CREATE TABLE landuse (
    fid         bigint      PRIMARY KEY,
    street_code char(9)     NOT NULL,
    dlbm        text        NOT NULL,
    dlmc        text        NOT NULL,
    geom        geometry(MultiPolygon, 4548) NOT NULL,
    import_id   bigint      REFERENCES import_run (id)
);
CREATE INDEX landuse_geom_idx ON landuse USING gist (geom);
CREATE INDEX landuse_street_idx ON landuse (street_code);

-- Buildings: the delivery's estimate of households is kept beside the administrative record
-- that overrides it, so the number used and its source stay visible.
CREATE TABLE building (
    bid                 text        PRIMARY KEY,
    street_code         char(9)     NOT NULL,
    area_code           char(12),
    floors              integer     CHECK (floors IS NULL OR floors BETWEEN 0 AND 300),
    use                 text        NOT NULL CHECK (use IN ('住宅', '商业', '工业', '公共', '其他')),
    households_estimate integer     NOT NULL DEFAULT 0 CHECK (households_estimate >= 0),
    households_record   integer     CHECK (households_record >= 0),
    persons_record      integer     CHECK (persons_record >= 0),
    record_source       text,
    address             text        NOT NULL DEFAULT '',
    geom                geometry(MultiPolygon, 4548) NOT NULL,
    import_id           bigint      REFERENCES import_run (id),
    households          integer     GENERATED ALWAYS AS (coalesce(households_record, households_estimate)) STORED
);
CREATE INDEX building_geom_idx ON building USING gist (geom);
CREATE INDEX building_street_idx ON building (street_code);
CREATE INDEX building_area_idx ON building (area_code);

-- Administrative household records as received (one row per CSV row that matched a building).
CREATE TABLE household_record (
    id          bigserial   PRIMARY KEY,
    import_id   bigint      NOT NULL REFERENCES import_run (id),
    bid         text        NOT NULL REFERENCES building (bid) ON DELETE CASCADE,
    street_code char(9)     NOT NULL,
    households  integer     NOT NULL CHECK (households >= 0),
    persons     integer     CHECK (persons >= 0),
    source      text        NOT NULL
);
CREATE INDEX household_record_bid_idx ON household_record (bid);

-- People and their bearer tokens. Tokens are random and stored only as SHA-256 hashes.
CREATE TABLE app_user (
    id           bigserial  PRIMARY KEY,
    login        text       NOT NULL UNIQUE,
    display_name text       NOT NULL,
    role         text       NOT NULL CHECK (role IN ('admin', 'planner', 'supervisor', 'enumerator')),
    active       boolean    NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- The codes (street, area or subarea) a person may read and write; admins need none.
CREATE TABLE user_scope (
    user_id      bigint     NOT NULL REFERENCES app_user (id),
    code         varchar(15) NOT NULL CHECK (code ~ '^[0-9]{6,15}$'),
    PRIMARY KEY (user_id, code)
);

CREATE TABLE api_token (
    id           bigserial  PRIMARY KEY,
    user_id      bigint     NOT NULL REFERENCES app_user (id),
    token_sha256 char(64)   NOT NULL UNIQUE,
    label        text       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz,
    revoked_at   timestamptz
);

-- Append-only log of every change to census geography: who, when, what, why, before and after.
CREATE TABLE edit_log (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor       text        NOT NULL,
    action      text        NOT NULL,
    entity      text        NOT NULL,
    entity_key  text        NOT NULL,
    street_code char(9),
    reason      text,
    before      jsonb,
    after       jsonb
);
CREATE INDEX edit_log_entity_idx ON edit_log (entity, entity_key);

CREATE FUNCTION edit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'edit_log is append-only: % refused', TG_OP;
END $$;
CREATE TRIGGER edit_log_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON edit_log
    FOR EACH STATEMENT EXECUTE FUNCTION edit_log_is_append_only();
