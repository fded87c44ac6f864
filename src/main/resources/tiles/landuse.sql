-- Land use of the third national land survey (土地利用) of one Web Mercator tile as the vector tile layer 'landuse'.
-- fields: id=Number dlbm=String dlmc=String street_code=String
-- Parameters: z, x, y the tile; extent and buffer the tile grid and the margin kept beyond its
-- edge, in grid units; west, south, east, north the tile grown by that margin, in degrees and cut
-- to where EPSG:4548 is usable: projected to the storage CRS it lets the spatial index pick the
-- candidates and clips large polygons first, so a street of 10 000 vertices costs a tile only
-- its part; tolerance the simplification in metres (one grid unit: invisible, yet low zooms stay
-- small); limit the most features read (one above the cap); layer the name inside the tile.
WITH tile AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS envelope,
           ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS filter
), features AS (
    SELECT *
      FROM (SELECT ST_AsMVTGeom(
                       ST_Transform(ST_Simplify(ST_ClipByBox2D(l.geom, tile.filter), :tolerance), 3857),
                       tile.envelope, :extent, :buffer, true) AS geom,
                   l.fid AS id, l.dlbm, l.dlmc, l.street_code
              FROM landuse l, tile
             WHERE l.geom && tile.filter) candidates
     WHERE geom IS NOT NULL
     LIMIT :limit
)
SELECT ST_AsMVT(features, :layer, :extent, 'geom', 'id'), count(*)
  FROM features
