-- A statement that changes more than 40 rows of a tiled table announces one box, the extent of
-- them all (V5 did so too, but only after sorting every row's envelope to count the distinct
-- ones: for an import's 40 000 buildings that sort doubled the cost of the COPY). The rows are
-- now counted first, and only a statement of at most 40 rows lists their distinct boxes. Every
-- tiled table with a geom column stores EPSG:4548.

CREATE OR REPLACE FUNCTION tiles_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    boxes  geometry[];
    changed_rows bigint;
    extent box2d;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT count(*), ST_Extent(geom) INTO changed_rows, extent FROM new_rows WHERE geom IS NOT NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT count(*), ST_Extent(geom) INTO changed_rows, extent
          FROM (SELECT geom FROM old_rows WHERE geom IS NOT NULL
                UNION ALL
                SELECT geom FROM new_rows WHERE geom IS NOT NULL) changed;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT count(*), ST_Extent(geom) INTO changed_rows, extent FROM old_rows WHERE geom IS NOT NULL;
    END IF;
    IF changed_rows > 40 THEN
        boxes := ARRAY[ST_SetSRID(extent::geometry, 4548)];
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT ST_Envelope(geom)) INTO boxes FROM new_rows WHERE geom IS NOT NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT box) INTO boxes
          FROM (SELECT ST_Envelope(geom) AS box FROM old_rows WHERE geom IS NOT NULL
                UNION ALL
                SELECT ST_Envelope(geom) FROM new_rows WHERE geom IS NOT NULL) changed;
    ELSE
        SELECT array_agg(DISTINCT ST_Envelope(geom)) INTO boxes FROM old_rows WHERE geom IS NOT NULL;
    END IF;
    PERFORM tiles_notify_boxes(TG_TABLE_NAME, boxes);
    RETURN NULL;
END;
$$;
