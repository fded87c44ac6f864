-- Census subareas (普查小区) with who is assigned to them, as the Mapbox Vector Tile layer
-- 'assignments': 'assigned' is false for a subarea without enumerator, 'enumerators' the names
-- and 'enumerator_ids' the roster ids of its enumerators (joined with '、' and ',', ordered by
-- id). Virtual subareas (no geometry) and vertical parts (the main part draws their footprint)
-- are left out, as in the subareas layer.
-- Parameters: z, x, y the tile; extent and buffer the tile grid and the margin kept beyond
-- its edge, in grid units; west, south, east, north the tile grown by that margin, in
-- degrees and cut to where EPSG:4548 is usable: projected to the storage CRS it lets the
-- spatial index pick the candidates, ST_AsMVTGeom then clips exactly in EPSG:3857.
WITH tile AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS envelope,
           ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS filter
), features AS (
    SELECT ST_AsMVTGeom(ST_Transform(s.geom, 3857), tile.envelope, :extent, :buffer, true) AS geom,
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
)
SELECT ST_AsMVT(features, 'assignments', :extent, 'geom')
  FROM features
 WHERE geom IS NOT NULL
