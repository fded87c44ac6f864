-- Tile freshness: every committed change of a table that tiles draw is announced on the channel
-- census_tiles, whichever code path made it (planner edits, delineation, coverage fixes,
-- imports, psql). Each service instance LISTENs and drops exactly the cached tiles the old and
-- new geometry touch, then tells its open web maps. NOTIFY is delivered at commit only, so a
-- rolled-back edit announces nothing.
--
-- Payload (JSON, under PostgreSQL's 8000-byte limit):
--   {"table": "subarea", "boxes": [[west, south, east, north], ...]}  the bounding boxes in
--       EPSG:4326 of the old and the new geometry of each changed row, or of all the rows
--       together when a statement changed more than 40 (an import: one box);
--   {"table": "subarea", "boxes": null}  the whole table changed (TRUNCATE): drop everything.
-- Statement-level triggers with transition tables: one notification per statement, so a bulk
-- import of 50 000 buildings costs one aggregate, not 50 000 messages.

CREATE FUNCTION tiles_notify_boxes(table_name text, boxes geometry[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    lonlat  geometry[];
BEGIN
    IF boxes IS NULL OR cardinality(boxes) = 0 THEN
        RETURN;
    END IF;
    IF cardinality(boxes) > 40 THEN
        boxes := ARRAY[ST_Envelope(ST_Collect(boxes))];
    END IF;
    -- densified before projecting: a box's edges are curves in degrees
    SELECT array_agg(ST_Envelope(ST_Transform(ST_Segmentize(b, 500), 4326)))
      INTO lonlat
      FROM unnest(boxes) AS b;
    PERFORM pg_notify('census_tiles', json_build_object(
        'table', table_name,
        'boxes', (SELECT json_agg(json_build_array(round(ST_XMin(b)::numeric, 7), round(ST_YMin(b)::numeric, 7),
                                                     round(ST_XMax(b)::numeric, 7), round(ST_YMax(b)::numeric, 7)))
                    FROM unnest(lonlat) AS b))::text);
END;
$$;

-- One function for the three kinds of statement: PostgreSQL allows transition tables only on
-- triggers of a single event, so each table gets one trigger per event, all calling this.
CREATE FUNCTION tiles_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    boxes geometry[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT ST_Envelope(geom)) INTO boxes FROM new_rows WHERE geom IS NOT NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT box) INTO boxes
          FROM (SELECT ST_Envelope(geom) AS box FROM old_rows WHERE geom IS NOT NULL
                UNION ALL
                SELECT ST_Envelope(geom) FROM new_rows WHERE geom IS NOT NULL) changed;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT ST_Envelope(geom)) INTO boxes FROM old_rows WHERE geom IS NOT NULL;
    END IF;
    PERFORM tiles_notify_boxes(TG_TABLE_NAME, boxes);
    RETURN NULL;
END;
$$;

CREATE FUNCTION tiles_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('census_tiles', json_build_object('table', TG_TABLE_NAME, 'boxes', NULL)::text);
    RETURN NULL;
END;
$$;

-- Puts the four triggers on a table with a geometry column named geom. A later migration that
-- adds a tiled table (assignments, progress) calls it for that table.
CREATE FUNCTION tiles_watch(target regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER tiles_inserted AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION tiles_changed()', target);
    EXECUTE format('CREATE TRIGGER tiles_updated AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION tiles_changed()', target);
    EXECUTE format('CREATE TRIGGER tiles_deleted AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION tiles_changed()', target);
    EXECUTE format('CREATE TRIGGER tiles_truncated AFTER TRUNCATE ON %s '
                   'FOR EACH STATEMENT EXECUTE FUNCTION tiles_truncated()', target);
END;
$$;

SELECT tiles_watch('street');
SELECT tiles_watch('area');
SELECT tiles_watch('subarea');
SELECT tiles_watch('building');
SELECT tiles_watch('road');
SELECT tiles_watch('water');
SELECT tiles_watch('landuse');
SELECT tiles_watch('coverage_issue');
