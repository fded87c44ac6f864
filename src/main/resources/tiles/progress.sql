-- Progress of the census subareas (普查小区) of one Web Mercator tile as the vector tile layer
-- 'progress': per subarea its registered buildings, those visited (已登记, 空户, 拒访), the
-- conflicting reports waiting, and completion = visited / buildings (0 to 1) to colour by.
-- Without virtual subareas (no geometry) and vertical parts (the main part draws their footprint);
-- for a non-admin caller only the subareas inside their :scopes (census work).
-- fields: code=String area_code=String street_code=String buildings=Number visited=Number conflicts=Number completion=Number
-- Parameters and answer: the template contract in serve/TileQuery.java.
WITH tile AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS envelope,
           ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS filter
), shown AS (
    SELECT s.code, s.area_code, s.street_code, s.geom
      FROM subarea s, tile
     WHERE s.geom && tile.filter
       AND s.vertical_of IS NULL
       AND (CAST(:scopes AS text[]) IS NULL OR EXISTS (SELECT 1 FROM unnest(CAST(:scopes AS text[])) AS sc(scope)
                                                        WHERE starts_with(s.code::text, sc.scope)))
), counts AS (
    SELECT sb.subarea_code AS code,
           count(*) AS buildings,
           count(p.bid) FILTER (WHERE p.status <> 'pending') AS visited,
           coalesce(sum(p.conflicts), 0) AS conflicts
      FROM subarea_building sb
      LEFT JOIN building_progress p ON p.subarea_code = sb.subarea_code AND p.bid = sb.bid
     WHERE sb.subarea_code IN (SELECT code FROM shown)
     GROUP BY sb.subarea_code
), features AS (
    SELECT *
      FROM (SELECT ST_AsMVTGeom(ST_Transform(shown.geom, 3857), tile.envelope, :extent, :buffer, true) AS geom,
                   shown.code, shown.area_code, shown.street_code,
                   coalesce(counts.buildings, 0) AS buildings,
                   coalesce(counts.visited, 0) AS visited,
                   coalesce(counts.conflicts, 0) AS conflicts,
                   CASE WHEN coalesce(counts.buildings, 0) = 0 THEN 0
                        ELSE round(counts.visited::numeric / counts.buildings, 4)::double precision END AS completion
              FROM shown
              CROSS JOIN tile
              LEFT JOIN counts ON counts.code = shown.code) candidates
     WHERE geom IS NOT NULL
     LIMIT :limit
)
SELECT ST_AsMVT(features, :layer, :extent, 'geom'), count(*)
  FROM features
