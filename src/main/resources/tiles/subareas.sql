-- Census subareas (普查小区), without virtual subareas (no geometry) and vertical parts (the main
-- part draws their footprint), of one Web Mercator tile as the vector tile layer 'subareas';
-- for a non-admin caller only the subareas inside their :scopes (census work).
-- fields: code=String area_code=String street_code=String households=Number version=Number
-- Parameters and answer: the template contract in serve/TileQuery.java.
WITH tile AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS envelope,
           ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS filter
), features AS (
    SELECT *
      FROM (SELECT ST_AsMVTGeom(
                       ST_Transform(ST_Simplify(ST_ClipByBox2D(s.geom, tile.filter), :tolerance), 3857),
                       tile.envelope, :extent, :buffer, true) AS geom,
                   s.code, s.area_code, s.street_code, s.households, s.version
              FROM subarea s, tile
             WHERE s.geom && tile.filter
               AND s.vertical_of IS NULL
               AND (CAST(:scopes AS text[]) IS NULL OR EXISTS (SELECT 1 FROM unnest(CAST(:scopes AS text[])) AS sc(scope)
                                                      WHERE starts_with(s.code::text, sc.scope)))) candidates
     WHERE geom IS NOT NULL
     LIMIT :limit
)
SELECT ST_AsMVT(features, :layer, :extent, 'geom'), count(*)
  FROM features
