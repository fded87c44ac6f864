-- Land use of the third national land survey (土地利用) of one Web Mercator tile as the Mapbox Vector Tile layer 'landuse'.
-- Parameters: z, x, y the tile; extent and buffer the tile grid and the margin kept beyond
-- its edge, in grid units; west, south, east, north the tile grown by that margin, in
-- degrees and cut to where EPSG:4548 is usable: projected to the storage CRS it lets the
-- spatial index pick the candidates, ST_AsMVTGeom then clips exactly in EPSG:3857.
WITH tile AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS envelope,
           ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS filter
), features AS (
    SELECT ST_AsMVTGeom(ST_Transform(l.geom, 3857), tile.envelope, :extent, :buffer, true) AS geom,
           l.fid AS id, l.dlbm, l.dlmc, l.street_code
      FROM landuse l, tile
     WHERE l.geom && tile.filter
)
SELECT ST_AsMVT(features, 'landuse', :extent, 'geom', 'id')
  FROM features
 WHERE geom IS NOT NULL
