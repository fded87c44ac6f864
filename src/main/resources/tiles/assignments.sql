-- Census subareas (普查小区) with who is assigned to them, as the vector tile layer 'assignments':
-- 'assigned' is false for a subarea without enumerator, 'enumerators' the names and
-- 'enumerator_ids' the roster ids of its enumerators (joined with '、' and ',', ordered by id).
-- Virtual subareas (no geometry) and vertical parts (the main part draws their footprint) are left
-- out, as in the subareas layer; for a non-admin caller only the subareas inside their :scopes
-- (census work: the names of the people).
-- fields: code=String area_code=String street_code=String households=Number assigned=Boolean enumerators=String enumerator_ids=String
-- Parameters and answer: the template contract in serve/TileQuery.java.
WITH tile AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS envelope,
           ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS filter
), features AS (
    SELECT *
      FROM (SELECT ST_AsMVTGeom(ST_Transform(s.geom, 3857), tile.envelope, :extent, :buffer, true) AS geom,
                   s.code, s.area_code, s.street_code, s.households,
                   staff.ids IS NOT NULL AS assigned,
                   coalesce(staff.names, '') AS enumerators,
                   coalesce(staff.ids, '') AS enumerator_ids
              FROM subarea s
              CROSS JOIN tile
              LEFT JOIN LATERAL (
                   SELECT string_agg(p.name, '、' ORDER BY p.person_id) AS names,
                          string_agg(p.person_id, ',' ORDER BY p.person_id) AS ids
                     FROM enumerator_assignment e JOIN person p ON p.person_id = e.person_id
                    WHERE e.subarea_code = s.code
              ) staff ON true
             WHERE s.geom && tile.filter
               AND s.vertical_of IS NULL
               AND (CAST(:scopes AS text[]) IS NULL OR EXISTS (SELECT 1 FROM unnest(CAST(:scopes AS text[])) AS sc(scope)
                                                                WHERE starts_with(s.code::text, sc.scope)))) candidates
     WHERE geom IS NOT NULL
     LIMIT :limit
)
SELECT ST_AsMVT(features, :layer, :extent, 'geom'), count(*)
  FROM features
