-- The token lookup of AccountStore.findByTokenHash since V6: user_scope plus the assigned units.
\set id random(1, 4000)
SELECT u.id, u.login, u.display_name, u.role,
       ARRAY(SELECT s.code::text FROM user_scope s WHERE s.user_id = u.id
             UNION
             SELECT e.subarea_code::text
               FROM person p JOIN enumerator_assignment e ON e.person_id = p.person_id
              WHERE p.user_id = u.id AND p.active AND u.role = 'enumerator'
             UNION
             SELECT a.area_code::text
               FROM person p JOIN supervisor_assignment a ON a.person_id = p.person_id
              WHERE p.user_id = u.id AND p.active AND u.role = 'supervisor'
             ORDER BY 1) AS scopes
  FROM api_token t
  JOIN app_user u ON u.id = t.user_id
 WHERE t.token_sha256 = md5('t' || :id) || md5('x' || :id)
   AND t.revoked_at IS NULL
   AND (t.expires_at IS NULL OR t.expires_at > now())
   AND u.active;
