-- Land use of the third national land survey (土地利用) of one Web Mercator tile as the vector tile layer 'landuse'.
-- fields: id=Number dlbm=String dlmc=String street_code=String
-- Parameters and answer: the template contract in serve/TileQuery.java.
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
