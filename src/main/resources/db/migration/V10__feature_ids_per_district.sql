-- A delivery's feature ids (fid) are unique within its file only: every GeoPackage numbers its
-- rows from 1, so the roads, water and land use of two districts delivered apart share fids.
-- Their rows are keyed by district and fid instead of fid alone; the district is the first six
-- digits of the street a row is filed under, which a delivery only ever picks inside its own
-- districts.

ALTER TABLE road ADD COLUMN district_code char(6) GENERATED ALWAYS AS (left(street_code, 6)) STORED;
ALTER TABLE road DROP CONSTRAINT road_pkey, ADD PRIMARY KEY (district_code, fid);

ALTER TABLE water ADD COLUMN district_code char(6) GENERATED ALWAYS AS (left(street_code, 6)) STORED;
ALTER TABLE water DROP CONSTRAINT water_pkey, ADD PRIMARY KEY (district_code, fid);

ALTER TABLE landuse ADD COLUMN district_code char(6) GENERATED ALWAYS AS (left(street_code, 6)) STORED;
ALTER TABLE landuse DROP CONSTRAINT landuse_pkey, ADD PRIMARY KEY (district_code, fid);
