-- Coverage and rule issues (覆盖与规则问题) of the last check of every scope, open or accepted, of one
-- Web Mercator tile as the vector tile layer 'issues'; neither clipped nor simplified (no :tolerance):
-- a gap a centimetre wide must stay findable. For a non-admin caller only the issues inside their
-- :scopes: an issue belongs to its area, else its street, else the scope it was found in (as in the
-- OGC layer 'issues'), and to each division code (6, 9, 12 or 15 digits) among its codes, so that
-- an enumerator sees the issues naming their subarea; building and person ids there are no codes.
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
               AND i.geom IS NOT NULL
               AND (CAST(:scopes AS text[]) IS NULL OR EXISTS (
                       SELECT 1
                         FROM unnest(CAST(:scopes AS text[])) AS sc(scope),
                              unnest(array_append(i.codes, coalesce(i.area_code, i.street_code, i.parent_code)::text)) AS unit(code)
                        WHERE unit.code ~ '^[0-9]{6}([0-9]{3}){0,3}$' AND starts_with(unit.code, sc.scope)))) candidates
     WHERE geom IS NOT NULL
     LIMIT :limit
)
SELECT ST_AsMVT(features, :layer, :extent, 'geom'), count(*)
  FROM features
