-- Progress of the census subareas (普查小区) of one Web Mercator tile as the Mapbox Vector Tile
-- layer 'progress': per subarea its registered buildings, those visited (已登记, 空户, 拒访), the
-- conflicting reports waiting, and completion = visited / buildings (0 to 1) to colour by.
-- Without virtual subareas (no geometry) and vertical parts (the main part draws their footprint).
-- Parameters: z, x, y the tile; extent and buffer the tile grid and the margin kept beyond
-- its edge, in grid units; west, south, east, north the tile grown by that margin, in
-- degrees and cut to where EPSG:4548 is usable: projected to the storage CRS it lets the
-- spatial index pick the candidates, ST_AsMVTGeom then clips exactly in EPSG:3857.
WITH tile AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS envelope,
           ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS filter
), shown AS (
    SELECT s.code, s.area_code, s.street_code, s.geom
      FROM subarea s, tile
     WHERE s.geom && tile.filter
       AND s.vertical_of IS NULL
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
    SELECT ST_AsMVTGeom(ST_Transform(shown.geom, 3857), tile.envelope, :extent, :buffer, true) AS geom,
           shown.code, shown.area_code, shown.street_code,
           coalesce(counts.buildings, 0) AS buildings,
           coalesce(counts.visited, 0) AS visited,
           coalesce(counts.conflicts, 0) AS conflicts,
           CASE WHEN coalesce(counts.buildings, 0) = 0 THEN 0
                ELSE round(counts.visited::numeric / counts.buildings, 4)::double precision END AS completion
      FROM shown
      CROSS JOIN tile
      LEFT JOIN counts ON counts.code = shown.code
)
SELECT ST_AsMVT(features, 'progress', :extent, 'geom')
  FROM features
 WHERE geom IS NOT NULL
