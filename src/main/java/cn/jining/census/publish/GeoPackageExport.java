package cn.jining.census.publish;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.geopackage.srs.SpatialReferenceSystemDao;
import mil.nga.sf.GeometryType;
import mil.nga.sf.wkb.GeometryReader;

/**
 * Writes the visible rows of one layer into a new GeoPackage file with the NGA library: one
 * feature table named after the layer, integer primary key {@code fid}, geometry column
 * {@code geom} in the requested CRS (declared with PostGIS's WKT when the library does not carry
 * it), and the layer's attributes. All rows go in one transaction.
 */
final class GeoPackageExport {

    private GeoPackageExport() {
    }

    /**
     * @param target a file that does not exist yet, ending in {@code .gpkg}
     */
    static void write(FeatureSource features, PublishedLayer layer, Visibility visibility, int srid, Path target)
            throws Exception {
        GeoPackageManager.create(target.toFile());
        try (GeoPackage geoPackage = GeoPackageManager.open(target.toFile())) {
            declareCrs(geoPackage, features, srid);
            GeometryColumns geometry = new GeometryColumns();
            geometry.setTableName(layer.id());
            geometry.setColumnName("geom");
            geometry.setGeometryType(switch (layer.geometry()) {
                case MULTIPOLYGON -> GeometryType.MULTIPOLYGON;
                case MULTILINESTRING -> GeometryType.MULTILINESTRING;
                case ANY -> GeometryType.GEOMETRY;
            });
            geometry.setZ((byte) 0);
            geometry.setM((byte) 0);
            geometry.setSrsId(srid);
            List<FeatureColumn> columns = new ArrayList<>();
            for (LayerField field : layer.fields()) {
                columns.add(FeatureColumn.createColumn(field.name(), switch (field.type()) {
                    case TEXT -> GeoPackageDataType.TEXT;
                    case INTEGER -> GeoPackageDataType.INTEGER;
                    case REAL -> GeoPackageDataType.REAL;
                    case BOOLEAN -> GeoPackageDataType.BOOLEAN;
                }));
            }
            geoPackage.createFeatureTable(FeatureTableMetadata.create(geometry, "fid", columns));
            FeatureDao dao = geoPackage.getFeatureDao(layer.id());
            List<LayerField> fields = layer.fields();
            geoPackage.beginTransaction();
            boolean written = false;
            try {
                features.eachRow(layer, visibility, srid, (values, wkb) -> {
                    FeatureRow row = dao.newRow();
                    if (wkb != null) {
                        row.setGeometry(GeoPackageGeometryData.createAndBuildEnvelope(srid, GeometryReader.readGeometry(wkb)));
                    }
                    for (int i = 0; i < values.length; i++) {
                        row.setValue(fields.get(i).name(), values[i]);
                    }
                    dao.insert(row);
                });
                written = true;
            } finally {
                geoPackage.endTransaction(written);
            }
        }
    }

    private static void declareCrs(GeoPackage geoPackage, FeatureSource features, int srid) throws Exception {
        SpatialReferenceSystemDao srs = geoPackage.getSpatialReferenceSystemDao();
        if (srs.queryForId((long) srid) != null) {
            return;
        }
        SpatialReferenceSystem crs = new SpatialReferenceSystem();
        crs.setSrsId(srid);
        crs.setSrsName("EPSG:" + srid);
        crs.setOrganization("EPSG");
        crs.setOrganizationCoordsysId(srid);
        crs.setDefinition(features.wktOf(srid));
        crs.setDescription("EPSG:" + srid);
        srs.create(crs);
    }
}
