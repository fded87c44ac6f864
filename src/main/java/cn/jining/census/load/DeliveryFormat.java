package cn.jining.census.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The kinds of file an import takes, recognised from their content (magic bytes, zip entries,
 * the first character of text), the file name only breaking ties between text formats.
 */
enum DeliveryFormat {
    /** OGC GeoPackage: an SQLite database. */
    GEOPACKAGE,
    /** One GeoJSON FeatureCollection; the file stem names the layer. */
    GEOJSON,
    /** A zip of GeoJSON files, one per layer. */
    GEOJSON_ZIP,
    /** A zip of Shapefiles ({@code <layer>.shp} with .shx, .dbf, .prj, .cpg), converted by GDAL. */
    SHAPEFILE_ZIP,
    /** A zipped File Geodatabase folder ({@code *.gdb}), converted by GDAL. */
    FILEGDB_ZIP,
    /** Household records: CSV with {@code bid} or {@code lon,lat}, {@code households}, {@code persons}, {@code source}. */
    HOUSEHOLD_CSV;

    private static final byte[] SQLITE = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /**
     * The format of {@code file}, uploaded under {@code fileName}.
     *
     * @throws UnreadableFileException  when the file is empty or a broken zip
     * @throws UnsupportedFormatException when it is of no format above
     */
    static DeliveryFormat detect(Path file, String fileName) throws UnreadableFileException, UnsupportedFormatException {
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new UnreadableFileException("cannot read the file: " + e.getMessage(), e);
        }
        if (n == 0) {
            throw new UnreadableFileException("the file is empty");
        }
        if (startsWith(head, n, SQLITE)) {
            return GEOPACKAGE;
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return zipFormat(file);
        }
        String text = new String(head, 0, n, StandardCharsets.UTF_8).stripLeading();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1).stripLeading();
        }
        if (text.startsWith("{")) {
            return GEOJSON;
        }
        String firstLine = text.lines().findFirst().orElse("").toLowerCase();
        if (firstLine.contains("households") && (firstLine.contains(",") || fileName.toLowerCase().endsWith(".csv"))) {
            return HOUSEHOLD_CSV;
        }
        throw new UnsupportedFormatException("unknown file format: expected a GeoPackage, GeoJSON, a zip of "
                + "GeoJSON or Shapefiles, a zipped File Geodatabase, or a household-record CSV");
    }

    private static DeliveryFormat zipFormat(Path file) throws UnreadableFileException, UnsupportedFormatException {
        List<String> names;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            names = zip.stream().map(ZipEntry::getName).toList();
        } catch (IOException e) {
            throw new UnreadableFileException("cannot read the zip file: " + e.getMessage(), e);
        }
        if (names.stream().anyMatch(n -> n.toLowerCase().contains(".gdb/"))) {
            return FILEGDB_ZIP;
        }
        if (names.stream().anyMatch(n -> n.toLowerCase().endsWith(".shp"))) {
            return SHAPEFILE_ZIP;
        }
        if (names.stream().anyMatch(GeoJsonSource::isGeoJsonName)) {
            return GEOJSON_ZIP;
        }
        throw new UnsupportedFormatException("the zip holds no Shapefile (.shp), File Geodatabase (.gdb/) or GeoJSON (.geojson)");
    }

    private static boolean startsWith(byte[] head, int n, byte[] prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
