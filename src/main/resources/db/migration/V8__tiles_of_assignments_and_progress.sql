-- The tile layers 'assignments' and 'progress' draw subareas coloured by tables without geometry
-- of their own: enumerator_assignment, person (the names shown) and building_progress. A change
-- of those tables is announced on census_tiles like any geometry change (V5), with the boxes of
-- the subareas it concerns, so the cached tiles of exactly those subareas are dropped.

-- Boxes of the subareas whose codes a statement's rows name in their column subarea_code.
CREATE FUNCTION tiles_changed_by_subarea_code() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    codes text[];
    boxes geometry[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT subarea_code) INTO codes FROM new_rows;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT code) INTO codes
          FROM (SELECT subarea_code AS code FROM old_rows
                UNION ALL
                SELECT subarea_code FROM new_rows) changed;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT subarea_code) INTO codes FROM old_rows;
    END IF;
    SELECT array_agg(DISTINCT ST_Envelope(s.geom)) INTO boxes
      FROM subarea s
     WHERE s.code = ANY (codes) AND s.geom IS NOT NULL;
    PERFORM tiles_notify_boxes(TG_TABLE_NAME, boxes);
    RETURN NULL;
END;
$$;

-- Boxes of the subareas assigned to the people a statement changed (a renamed enumerator).
CREATE FUNCTION tiles_changed_by_person() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    boxes geometry[];
BEGIN
    SELECT array_agg(DISTINCT ST_Envelope(s.geom)) INTO boxes
      FROM (SELECT person_id FROM old_rows UNION SELECT person_id FROM new_rows) changed
      JOIN enumerator_assignment e ON e.person_id = changed.person_id
      JOIN subarea s ON s.code = e.subarea_code
     WHERE s.geom IS NOT NULL;
    PERFORM tiles_notify_boxes(TG_TABLE_NAME, boxes);
    RETURN NULL;
END;
$$;

-- Puts the triggers of V5's tiles_watch on a table whose rows name a subarea_code.
CREATE FUNCTION tiles_watch_subarea_codes(target regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER tiles_inserted AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION tiles_changed_by_subarea_code()', target);
    EXECUTE format('CREATE TRIGGER tiles_updated AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION tiles_changed_by_subarea_code()', target);
    EXECUTE format('CREATE TRIGGER tiles_deleted AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION tiles_changed_by_subarea_code()', target);
    EXECUTE format('CREATE TRIGGER tiles_truncated AFTER TRUNCATE ON %s '
                   'FOR EACH STATEMENT EXECUTE FUNCTION tiles_truncated()', target);
END;
$$;

SELECT tiles_watch_subarea_codes('enumerator_assignment');
SELECT tiles_watch_subarea_codes('building_progress');

CREATE TRIGGER tiles_updated AFTER UPDATE ON person REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tiles_changed_by_person();
