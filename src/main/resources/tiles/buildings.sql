-- Buildings (建筑物) of one Web Mercator tile as the vector tile layer 'buildings'.
-- fields: bid=String floors=Number use=String households=Number address=String street_code=String area_code=String
-- Parameters and answer: the template contract in serve/TileQuery.java.
WITH tile AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS envelope,
           ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS filter
), features AS (
    SELECT *
      FROM (SELECT ST_AsMVTGeom(
                       ST_Transform(ST_Simplify(ST_ClipByBox2D(b.geom, tile.filter), :tolerance), 3857),
                       tile.envelope, :extent, :buffer, true) AS geom,
                   b.bid, b.floors, b.use, b.households, b.address, b.street_code, b.area_code
              FROM building b, tile
             WHERE b.geom && tile.filter) candidates
     WHERE geom IS NOT NULL
     LIMIT :limit
)
SELECT ST_AsMVT(features, :layer, :extent, 'geom'), count(*)
  FROM features
