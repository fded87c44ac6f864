-- Street offices (街道) of one Web Mercator tile as the Mapbox Vector Tile layer 'street'.
-- Parameters: z, x, y the tile; extent and buffer the tile grid and the margin kept beyond
-- its edge, in grid units; west, south, east, north the tile grown by that margin, in
-- degrees and cut to where EPSG:4548 is usable: projected to the storage CRS it lets the
-- spatial index pick the candidates, ST_AsMVTGeom then clips exactly in EPSG:3857.
WITH tile AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS envelope,
           ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS filter
), features AS (
    SELECT ST_AsMVTGeom(ST_Transform(s.geom, 3857), tile.envelope, :extent, :buffer, true) AS geom,
           s.code, s.name
      FROM street s, tile
     WHERE s.geom && tile.filter
)
SELECT ST_AsMVT(features, 'street', :extent, 'geom')
  FROM features
 WHERE geom IS NOT NULL
