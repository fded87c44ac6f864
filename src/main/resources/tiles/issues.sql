-- Coverage and rule issues (覆盖与规则问题) of the last check of every scope, open or accepted, of one
-- Web Mercator tile as the vector tile layer 'issues'; neither clipped nor simplified (no :tolerance):
-- a gap a centimetre wide must stay findable.
-- fields: id=String kind=String severity=String status=String area_m2=Number street_code=String area_code=String message=String
-- Parameters and answer: the template contract in serve/TileQuery.java.
WITH tile AS (
    SELECT ST_TileEnvelope(:z, :x, :y) AS envelope,
           ST_Transform(ST_Segmentize(ST_MakeEnvelope(:west, :south, :east, :north, 4326), 0.05), 4548) AS filter
), features AS (
    SELECT *
      FROM (SELECT ST_AsMVTGeom(ST_Transform(i.geom, 3857), tile.envelope, :extent, :buffer, true) AS geom,
                   i.id, i.kind, i.severity, i.status, i.area_m2, i.street_code, i.area_code, i.message
              FROM coverage_issue i, tile
             WHERE i.geom && tile.filter
               AND i.geom IS NOT NULL) candidates
     WHERE geom IS NOT NULL
     LIMIT :limit
)
SELECT ST_AsMVT(features, :layer, :extent, 'geom'), count(*)
  FROM features
