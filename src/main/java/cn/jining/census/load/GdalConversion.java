package cn.jining.census.load;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Converts a zipped Shapefile set or File Geodatabase into a GeoPackage with GDAL's
 * {@code ogr2ogr} (read through {@code /vsizip/}, no unpacking), keeping coordinates, SRS and
 * attributes as they are: the GeoPackage is then read like any delivery. Layer names are the
 * Shapefile stems or the geodatabase's feature classes. Shapefile field names are cut to 10
 * characters by the format ({@code street_code} arrives as {@code street_cod}).
 */
final class GdalConversion {

    static final String TOOL = "ogr2ogr";

    private GdalConversion() {
    }

    /**
     * Converts {@code zip} into {@code target}, using the folder of {@code target} for its work.
     *
     * @throws UnsupportedFormatException when {@code ogr2ogr} is not on PATH
     * @throws UnreadableFileException    when GDAL cannot read the data
     */
    static void toGeoPackage(Path zip, DeliveryFormat format, Path target)
            throws UnsupportedFormatException, UnreadableFileException {
        if (findTool().isEmpty()) {
            throw new UnsupportedFormatException(format + " deliveries are converted with GDAL's " + TOOL
                    + ", which is not installed on this server (Debian package gdal-bin)");
        }
        String inside = datasetInside(zip, format);
        // GDAL finds the end of the archive's path by its .zip extension, which uploads lack
        Path named = target.resolveSibling("delivery.zip");
        try {
            Files.createSymbolicLink(named, zip.toAbsolutePath());
        } catch (IOException | UnsupportedOperationException e) {
            try {
                Files.copy(zip, named);
            } catch (IOException copyFailed) {
                throw new UnreadableFileException("cannot stage the zip for GDAL: " + copyFailed.getMessage(), copyFailed);
            }
        }
        String source = "/vsizip/" + named.toAbsolutePath() + (inside.isEmpty() ? "" : "/" + inside);
        Path log = target.resolveSibling(target.getFileName() + ".log");
        try {
            Process p = new ProcessBuilder(TOOL, "-f", "GPKG", target.toString(), source)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int exit = p.waitFor();
            String messages = Files.readString(log, StandardCharsets.UTF_8).strip();
            if (exit != 0 || !Files.exists(target)) {
                throw new UnreadableFileException("GDAL could not read the " + format + " delivery: " + messages);
            }
        } catch (IOException e) {
            throw new UnreadableFileException("running " + TOOL + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreadableFileException("the conversion was interrupted", e);
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // a leftover log in the temporary folder is harmless
            }
        }
    }

    /** The dataset's path inside the zip: the folder of the Shapefiles, or the .gdb folder. */
    private static String datasetInside(Path zip, DeliveryFormat format) throws UnreadableFileException {
        List<String> names;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            names = z.stream().map(ZipEntry::getName).toList();
        } catch (IOException e) {
            throw new UnreadableFileException("cannot read the zip file: " + e.getMessage(), e);
        }
        for (String name : names) {
            String lower = name.toLowerCase();
            if (format == DeliveryFormat.FILEGDB_ZIP && lower.contains(".gdb/")) {
                return name.substring(0, lower.indexOf(".gdb/") + 4);
            }
            if (format == DeliveryFormat.SHAPEFILE_ZIP && lower.endsWith(".shp")) {
                int slash = name.lastIndexOf('/');
                return slash < 0 ? "" : name.substring(0, slash);
            }
        }
        throw new UnreadableFileException("the zip holds no " + format);
    }

    private static Optional<Path> findTool() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, TOOL);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
