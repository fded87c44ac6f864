package cn.jining.census.publish;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Comparator;
import java.util.stream.Stream;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.InternalServerErrorException;
import jakarta.ws.rs.NotFoundException;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

import cn.jining.census.security.Caller;

/**
 * {@code GET /api/v1/exports/{layer}?scope=CODE[&format=geojson|gpkg|shp][&crs=4548|4326]}: the
 * features of a {@link PublishedLayer} inside one division (district, street, area or subarea:
 * 6, 9, 12 or 15 digits) as a file to download.
 *
 * <ul>
 * <li>{@code geojson} (default): a FeatureCollection, streamed; in EPSG:4548 it carries the
 * {@code crs} member GDAL and QGIS read (RFC 7946 allows only EPSG:4326, so that is the choice for
 * web tools), in EPSG:4326 none.</li>
 * <li>{@code gpkg}: a GeoPackage with one table named after the layer ({@link GeoPackageExport}).</li>
 * <li>{@code shp}: a zip of {@code .shp}, {@code .shx}, {@code .dbf}, {@code .prj} and
 * {@code .cpg} ({@link ShapefileExport}); not for {@code issues}, whose geometry types mix.</li>
 * </ul>
 *
 * The CRS is EPSG:4548, the delivery CRS, unless {@code crs=4326} asks for longitude/latitude.
 * 400 names the wrong parameter, 403 answers a scope the caller may not touch, 404 one that is not
 * loaded. Which features belong to a division is {@link PublishedLayer}'s rule (roads, water and
 * land use to their street).
 */
@jakarta.ws.rs.Path("/api/v1/exports")
@Authenticated
public class ExportResource {

    private final FeatureSource features;
    private final SecurityIdentity identity;

    public ExportResource(FeatureSource features, SecurityIdentity identity) {
        this.features = features;
        this.identity = identity;
    }

    /** The download formats, named as in {@code format=}. */
    enum Format {
        GEOJSON("geojson", "geojson", "application/geo+json"),
        GPKG("gpkg", "gpkg", "application/geopackage+sqlite3"),
        SHP("shp", "zip", "application/zip");

        final String parameter;
        final String extension;
        final String mediaType;

        Format(String parameter, String extension, String mediaType) {
            this.parameter = parameter;
            this.extension = extension;
            this.mediaType = mediaType;
        }
    }

    @GET
    @jakarta.ws.rs.Path("/{layer}")
    public Response export(@PathParam("layer") String layerName, @QueryParam("scope") String scope,
            @QueryParam("format") String formatName, @QueryParam("crs") String crsName) throws Exception {
        PublishedLayer layer = PublishedLayer.named(layerName).orElseThrow(
                () -> new BadRequestException("unknown layer '" + layerName + "': one of " + PublishedLayer.names()));
        Format format = format(formatName);
        int srid = crs(crsName);
        if (scope == null || !scope.matches("[0-9]{6}([0-9]{3}){0,3}")) {
            throw new BadRequestException("query parameter 'scope' must be a district, street, area or subarea code "
                    + "(6, 9, 12 or 15 digits), got " + (scope == null ? "nothing" : "'" + scope + "'"));
        }
        if (!Caller.of(identity).mayTouch(scope)) {
            throw new ForbiddenException("scope " + scope + " lies outside your scopes");
        }
        if (!features.divisionExists(scope)) {
            throw new NotFoundException("no district, street, area or subarea " + scope + " is loaded");
        }
        if (format == Format.SHP && layer.geometry() == PublishedLayer.GeometryKind.ANY) {
            throw new BadRequestException("layer '" + layer.id() + "' mixes points, lines and polygons, which one "
                    + "Shapefile cannot hold: take format=gpkg or format=geojson");
        }
        Visibility inside = Visibility.inside(scope);
        String fileName = layer.id() + "-" + scope + "-epsg" + srid + "." + format.extension;
        StreamingOutput body = switch (format) {
            case GEOJSON -> out -> {
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                writeGeoJson(layer, inside, srid, writer);
                writer.flush();
            };
            case GPKG -> {
                Path folder = Files.createTempDirectory("census-export");
                Path geoPackage = folder.resolve(layer.id() + ".gpkg");
                written(folder, () -> GeoPackageExport.write(features, layer, inside, srid, geoPackage));
                yield out -> sendAndDelete(folder, () -> Files.copy(geoPackage, out));
            }
            case SHP -> {
                Path folder = Files.createTempDirectory("census-export");
                Path geoPackage = folder.resolve(layer.id() + ".gpkg");
                written(folder, () -> {
                    GeoPackageExport.write(features, layer, inside, srid, geoPackage);
                    ShapefileExport.convert(geoPackage, layer, folder);
                });
                yield out -> sendAndDelete(folder, () -> ShapefileExport.zip(folder, layer, out));
            }
        };
        return Response.ok(body, format.mediaType)
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").build();
    }

    private void writeGeoJson(PublishedLayer layer, Visibility inside, int srid, Writer writer) throws IOException {
        writer.write("{\"type\":\"FeatureCollection\",\"name\":\"" + layer.id() + "\",");
        if (srid != FeatureSource.LON_LAT) {
            writer.write("\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::" + srid + "\"}},");
        }
        writer.write("\"features\":[");
        boolean[] first = { true };
        try {
            features.eachFeature(layer, inside, srid, feature -> {
                writer.write(first[0] ? "\n" : ",\n");
                writer.write(feature);
                first[0] = false;
            });
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("export of " + layer.id() + " failed: " + e.getMessage(), e);
        }
        writer.write("\n]}\n");
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Runs the writing of a file before the answer starts, so that a failure is answered with its reason. */
    private static void written(Path folder, Work work) {
        try {
            work.run();
        } catch (ShapefileExport.ConversionFailed e) {
            deleteFolder(folder);
            throw e.toolMissing ? new ServiceUnavailableException(e.getMessage()) : new InternalServerErrorException(e.getMessage());
        } catch (Exception e) {
            deleteFolder(folder);
            throw new InternalServerErrorException("the export could not be written: " + e.getMessage(), e);
        }
    }

    private interface Sending {
        void send() throws IOException;
    }

    private static void sendAndDelete(Path folder, Sending sending) throws IOException {
        try {
            sending.send();
        } finally {
            deleteFolder(folder);
        }
    }

    private static void deleteFolder(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover in the temporary folder is harmless
        }
    }

    private static Format format(String name) {
        if (name == null || name.isBlank()) {
            return Format.GEOJSON;
        }
        for (Format f : Format.values()) {
            if (f.parameter.equals(name)) {
                return f;
            }
        }
        throw new BadRequestException("query parameter 'format' must be geojson, gpkg or shp, got '" + name + "'");
    }

    private static int crs(String name) {
        if (name == null || name.isBlank() || name.equals("4548")) {
            return FeatureSource.GAUSS_KRUEGER_117E;
        }
        if (name.equals("4326")) {
            return FeatureSource.LON_LAT;
        }
        throw new BadRequestException("query parameter 'crs' must be 4548 (CGCS2000 / 3-degree Gauss-Krüger CM 117E, "
                + "the default) or 4326 (longitude/latitude), got '" + name + "'");
    }
}
