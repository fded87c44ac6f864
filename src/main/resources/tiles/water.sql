-- Water (水系) of one Web Mercator tile as the vector tile layer 'water'.
-- fields: id=Number name=String kind=String street_code=String
-- Parameters and answer: the template contract in serve/TileQuery.java.
WITH tile AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS envelope,
           ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS filter
), features AS (
    SELECT *
      FROM (SELECT ST_AsMVTGeom(
                       ST_Transform(ST_Simplify(ST_ClipByBox2D(w.geom, tile.filter), :tolerance), 3857),
                       tile.envelope, :extent, :buffer, true) AS geom,
                   w.fid AS id, w.name, w.kind, w.street_code
              FROM water w, tile
             WHERE w.geom && tile.filter) candidates
     WHERE geom IS NOT NULL
     LIMIT :limit
)
SELECT ST_AsMVT(features, :layer, :extent, 'geom', 'id'), count(*)
  FROM features
