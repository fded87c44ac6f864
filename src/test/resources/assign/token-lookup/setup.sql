-- Benchmark data for the token lookup (AccountStore.findByTokenHash) in a database migrated to V6
-- and holding nothing else of value: 4 000 logins (400 planners with a street scope, 400
-- supervisors with an area, 3 200 enumerators with two subareas each), token of login i =
-- md5('t' || i) || md5('x' || i). Empties the people and assignment tables first.
TRUNCATE enumerator_assignment, supervisor_assignment, assignment_history, assignment_proposal, person,
         api_token, user_scope, app_user RESTART IDENTITY CASCADE;
INSERT INTO app_user (login, display_name, role)
SELECT 'u' || i, 'User ' || i, CASE WHEN i % 10 = 0 THEN 'supervisor' WHEN i % 10 = 1 THEN 'planner' ELSE 'enumerator' END
  FROM generate_series(1, 4000) i;
INSERT INTO api_token (user_id, token_sha256, label) SELECT id, md5('t' || id) || md5('x' || id), 'bench' FROM app_user;
INSERT INTO user_scope (user_id, code) SELECT id, '370871' || lpad((id % 5 + 1)::text, 3, '0') FROM app_user WHERE role = 'planner';
INSERT INTO person (person_id, name, role, street_code, user_id)
SELECT 'P' || id, display_name, role, '370871' || lpad((id % 5 + 1)::text, 3, '0'), id FROM app_user WHERE role <> 'planner';
INSERT INTO enumerator_assignment (subarea_code, person_id, street_code, assigned_by)
SELECT p.street_code || lpad(n.k::text, 3, '0') || lpad((substr(p.person_id, 2)::int % 1000)::text, 3, '0'),
       p.person_id, p.street_code, 'bench'
  FROM person p, generate_series(1, 2) n(k) WHERE p.role = 'enumerator';
INSERT INTO supervisor_assignment (area_code, person_id, street_code, assigned_by)
SELECT p.street_code || lpad((substr(p.person_id, 2)::int % 1000)::text, 3, '0'), p.person_id, p.street_code, 'bench'
  FROM person p WHERE p.role = 'supervisor';
ANALYZE;
