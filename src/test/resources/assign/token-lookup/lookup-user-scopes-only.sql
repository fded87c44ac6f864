-- The token lookup before V6: scopes from user_scope only (the baseline).
\set id random(1, 4000)
SELECT u.id, u.login, u.display_name, u.role,
       coalesce(array_agg(s.code ORDER BY s.code) FILTER (WHERE s.code IS NOT NULL), '{}') AS scopes
  FROM api_token t
  JOIN app_user u ON u.id = t.user_id
  LEFT JOIN user_scope s ON s.user_id = u.id
 WHERE t.token_sha256 = md5('t' || :id) || md5('x' || :id)
   AND t.revoked_at IS NULL
   AND (t.expires_at IS NULL OR t.expires_at > now())
   AND u.active
 GROUP BY u.id;
