package cn.jining.census.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Turns the GeoPackage of one exported layer into a zipped Shapefile set ({@code .shp},
 * {@code .shx}, {@code .dbf}, {@code .prj}, {@code .cpg}) with GDAL's {@code ogr2ogr}.
 *
 * <p>GDAL rather than our own writer: it is already what the load stage reads Shapefiles with,
 * and it writes the ESRI flavour of WKT that desktop GIS expects in {@code .prj} for CGCS2000
 * Gauss-Krüger, the dBASE header and the {@code .cpg} naming the encoding; a hand-written writer
 * would repeat all that for one format. Attributes go in as UTF-8 ({@code ENCODING=UTF-8}, so the
 * {@code .cpg} says {@code UTF-8}); field names already fit the 10 characters of dBASE
 * ({@link LayerField}). A layer mixing geometry types (issues) cannot be one Shapefile.
 */
final class ShapefileExport {

    static final String TOOL = "ogr2ogr";
    static final List<String> PARTS = List.of("shp", "shx", "dbf", "prj", "cpg");

    /** GDAL is not installed ({@link #toolMissing}), or refused the conversion; the message says which. */
    static final class ConversionFailed extends Exception {
        final boolean toolMissing;

        ConversionFailed(String message, boolean toolMissing, Throwable cause) {
            super(message, cause);
            this.toolMissing = toolMissing;
        }
    }

    private ShapefileExport() {
    }

    /** Converts layer {@code layer} of {@code geoPackage} into Shapefiles named after it in {@code folder}. */
    static void convert(Path geoPackage, PublishedLayer layer, Path folder) throws ConversionFailed {
        Path shp = folder.resolve(layer.id() + ".shp");
        Path log = folder.resolve(TOOL + ".log");
        Process p;
        try {
            p = new ProcessBuilder(TOOL, "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", shp.toString(),
                    geoPackage.toString(), layer.id()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new ConversionFailed("Shapefiles are written with GDAL's " + TOOL + ", which cannot be run on this "
                    + "server (Debian package gdal-bin): " + e.getMessage(), true, e);
        }
        try {
            int exit = p.waitFor();
            if (exit != 0 || !Files.exists(shp)) {
                throw new ConversionFailed("GDAL could not write the Shapefile: "
                        + Files.readString(log, StandardCharsets.UTF_8).strip(), false, null);
            }
        } catch (IOException e) {
            throw new ConversionFailed("reading GDAL's messages failed: " + e.getMessage(), false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConversionFailed("the conversion was interrupted", false, e);
        }
    }

    /** Writes the Shapefile set {@link #convert} left in {@code folder} to {@code out} as a zip. */
    static void zip(Path folder, PublishedLayer layer, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String part : PARTS) {
                Path file = folder.resolve(layer.id() + "." + part);
                if (Files.exists(file)) {
                    zip.putNextEntry(new ZipEntry(file.getFileName().toString()));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
        }
    }
}
