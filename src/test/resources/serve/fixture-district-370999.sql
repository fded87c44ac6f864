-- A small district of two street offices, 60 km east of Jining, for the serve tests. District
-- code 370999 is not a real one, so that these rows never meet a real delivery loaded at
-- start-up. Geometries in EPSG:4548 (metres); every building is a 20 m square.
--
--   y 3902000 +--------------+--------------+---------------------------+
--             | 370999001001 | 370999001201 | 370999002001              |
--             | 东湖社区      | 柳庄村        | 西岭社区                   |
--             | T-0001..0003 | T-0004, 0005 | T-0006, T-0007, pond 东湖   |
--   y 3900000 +--------------+--------------+---------------------------+
--           x 520000       521000         522000                      524000
--             |<- street 370999001 东湖街道 ->|<- street 370999002 西岭街道 ->|
--
-- Expected counts: street 370999001 has 2 areas, 5 buildings, 73 households (T-0002's record
-- of 44 overrides its estimate of 40). Street 370999002 has 1 area, 2 buildings, 120 households.
-- Area 370999001001 is split into two subareas at x 520500, plus a virtual one (900, no map) and
-- the upper floors of T-0002 as a vertical part of subarea 002: maps draw only the first two.

INSERT INTO division_reference (code, level, name, parent_code) VALUES
    ('370999', 'district', '试验高新区', '370900'),
    ('370999001', 'street', '东湖街道', '370999'),
    ('370999002', 'street', '西岭街道', '370999');

INSERT INTO street (code, district_code, name, geom) VALUES
    ('370999001', '370999', '东湖街道',
     ST_GeomFromText('MULTIPOLYGON(((520000 3900000, 522000 3900000, 522000 3902000, 520000 3902000, 520000 3900000)))', 4548)),
    ('370999002', '370999', '西岭街道',
     ST_GeomFromText('MULTIPOLYGON(((522000 3900000, 524000 3900000, 524000 3902000, 522000 3902000, 522000 3900000)))', 4548));

INSERT INTO area (code, street_code, name, kind, geom) VALUES
    ('370999001001', '370999001', '东湖社区居民委员会', '社区',
     ST_GeomFromText('MULTIPOLYGON(((520000 3900000, 521000 3900000, 521000 3902000, 520000 3902000, 520000 3900000)))', 4548)),
    ('370999001201', '370999001', '柳庄村村民委员会', '村',
     ST_GeomFromText('MULTIPOLYGON(((521000 3900000, 522000 3900000, 522000 3902000, 521000 3902000, 521000 3900000)))', 4548)),
    ('370999002001', '370999002', '西岭社区居民委员会', '社区',
     ST_GeomFromText('MULTIPOLYGON(((522000 3900000, 524000 3900000, 524000 3902000, 522000 3902000, 522000 3900000)))', 4548));

INSERT INTO building (bid, street_code, area_code, floors, use, households_estimate, households_record, address, geom)
SELECT bid, street_code, area_code, floors, use, estimate, record, address,
       ST_Multi(ST_MakeEnvelope(x, y, x + 20, y + 20, 4548))
  FROM (VALUES
    ('T-0001', '370999001', '370999001001', 6, '住宅', 24, NULL::integer, '东湖路1号', 520100, 3900100),
    ('T-0002', '370999001', '370999001001', 11, '住宅', 40, 44, '东湖路2号', 520500, 3901500),
    ('T-0003', '370999001', '370999001001', 2, '商业', 0, NULL, '东湖路3号', 520800, 3900800),
    ('T-0004', '370999001', '370999001201', 2, '住宅', 3, NULL, '柳庄12号', 521500, 3901000),
    ('T-0005', '370999001', '370999001201', 1, '住宅', 2, NULL, '柳庄15号', 521700, 3900300),
    ('T-0006', '370999002', '370999002001', 4, '公共', 0, NULL, '西岭路8号', 523000, 3901000),
    ('T-0007', '370999002', '370999002001', 18, '住宅', 120, NULL, '西岭路9号', 523700, 3901700)
  ) AS b (bid, street_code, area_code, floors, use, estimate, record, address, x, y);

INSERT INTO road (fid, street_code, name, class, geom) VALUES
    (9999000001, '370999001', '试验大道', '主干路',
     ST_GeomFromText('MULTILINESTRING((520000 3901000, 524000 3901000))', 4548)),
    (9999000002, '370999001', '', '支路',
     ST_GeomFromText('MULTILINESTRING((520500 3900000, 520500 3902000))', 4548));

INSERT INTO water (fid, street_code, name, kind, geom) VALUES
    (9999000001, '370999002', '东湖', '坑塘',
     ST_GeomFromText('MULTIPOLYGON(((523200 3900200, 523400 3900200, 523400 3900400, 523200 3900400, 523200 3900200)))', 4548));

INSERT INTO landuse (fid, street_code, dlbm, dlmc, geom) VALUES
    (9999000001, '370999001', '0701', '城镇住宅用地',
     ST_GeomFromText('MULTIPOLYGON(((520000 3900000, 521000 3900000, 521000 3902000, 520000 3902000, 520000 3900000)))', 4548)),
    (9999000002, '370999001', '0101', '水田',
     ST_GeomFromText('MULTIPOLYGON(((521000 3900000, 522000 3900000, 522000 3902000, 521000 3902000, 521000 3900000)))', 4548));

INSERT INTO subarea (code, area_code, street_code, households, virtual, vertical_of, geom) VALUES
    ('370999001001001', '370999001001', '370999001', 24, false, NULL,
     ST_GeomFromText('MULTIPOLYGON(((520000 3900000, 520500 3900000, 520500 3902000, 520000 3902000, 520000 3900000)))', 4548)),
    ('370999001001002', '370999001001', '370999001', 24, false, NULL,
     ST_GeomFromText('MULTIPOLYGON(((520500 3900000, 521000 3900000, 521000 3902000, 520500 3902000, 520500 3900000)))', 4548)),
    ('370999001001003', '370999001001', '370999001', 20, false, '370999001001002',
     ST_GeomFromText('MULTIPOLYGON(((520500 3901500, 520520 3901500, 520520 3901520, 520500 3901520, 520500 3901500)))', 4548)),
    ('370999001001900', '370999001001', '370999001', 35, true, NULL, NULL);
