package cn.jining.census.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import org.locationtech.jts.geom.GeometryFactory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import cn.jining.census.geo.GeoJsonGeometry;

/**
 * Reads GeoJSON FeatureCollections as delivery layers: one {@code <layer>.geojson} file whose
 * stem names the layer, or a zip of such files. Features are streamed, one parsed at a time.
 *
 * <p>The SRS is the legacy {@code crs} member ({@code urn:ogc:def:crs:EPSG::4548},
 * {@code EPSG:4548}); without one (or with OGC CRS84) the layer is EPSG:4490 longitude/latitude,
 * as RFC 7946 prescribes (CGCS2000 equals WGS 84 at map precision). The feature id is the
 * feature's integer {@code id}, else its 1-based position.
 */
final class GeoJsonSource implements DeliverySource {

    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final Pattern EPSG = Pattern.compile("(?i)EPSG:(?:[0-9.]*:)?:?(\\d+)$");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final SourceFeature.Decoder DECODER = encoded -> GeoJsonGeometry.read((JsonNode) encoded, FACTORY);

    /** Opens one part (the file, or a zip entry) again for each pass. */
    private interface Part {
        InputStream open() throws IOException;
    }

    private final Map<String, Part> parts = new LinkedHashMap<>();
    private final ZipFile zip;

    private GeoJsonSource(ZipFile zip) {
        this.zip = zip;
    }

    /** A single GeoJSON file; {@code fileName} (as uploaded) gives the layer name. */
    static GeoJsonSource ofFile(Path file, String fileName) {
        GeoJsonSource source = new GeoJsonSource(null);
        source.parts.put(stem(fileName), () -> Files.newInputStream(file));
        return source;
    }

    /** A zip whose {@code .geojson}/{@code .json} entries are the layers. */
    static GeoJsonSource ofZip(Path file) throws UnreadableFileException {
        try {
            ZipFile zip = new ZipFile(file.toFile());
            GeoJsonSource source = new GeoJsonSource(zip);
            zip.stream().filter(e -> !e.isDirectory() && isGeoJsonName(e.getName()))
                    .forEach(e -> source.parts.put(stem(e.getName()), () -> zip.getInputStream(e)));
            return source;
        } catch (IOException e) {
            throw new UnreadableFileException("cannot read the zip file: " + e.getMessage(), e);
        }
    }

    static boolean isGeoJsonName(String name) {
        String lower = name.toLowerCase();
        return lower.endsWith(".geojson") || lower.endsWith(".json");
    }

    private static String stem(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        int dot = base.indexOf('.');
        return dot < 0 ? base : base.substring(0, dot);
    }

    @Override
    public List<SourceLayer> layers() throws IOException {
        List<SourceLayer> out = new ArrayList<>();
        for (Map.Entry<String, Part> e : parts.entrySet()) {
            String crs = declaredCrs(e.getValue());
            if (crs == null || crs.toUpperCase().endsWith("CRS84")) {
                out.add(new SourceLayer(e.getKey(), 4490, crs == null ? "no crs member (RFC 7946: CGCS2000/WGS 84 longitude, latitude)" : crs));
            } else {
                Matcher m = EPSG.matcher(crs);
                out.add(new SourceLayer(e.getKey(), m.find() ? Integer.parseInt(m.group(1)) : -1, crs));
            }
        }
        return out;
    }

    /** The name of the top-level {@code crs} member, scanning past features without keeping them. */
    private static String declaredCrs(Part part) throws IOException {
        try (InputStream in = part.open(); JsonParser p = JSON.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a GeoJSON layer must be a FeatureCollection object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("crs".equals(field)) {
                    JsonNode crs = JSON.readTree(p);
                    return crs.path("properties").path("name").asText(null);
                }
                p.skipChildren();
            }
            return null;
        }
    }

    @Override
    public FeatureCursor features(SourceLayer layer) throws IOException {
        InputStream in = parts.get(layer.name()).open();
        JsonParser p = JSON.getFactory().createParser(in);
        try {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a GeoJSON layer must be a FeatureCollection object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("features".equals(field)) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new IOException("'features' must be an array");
                    }
                    return new Cursor(p, in);
                }
                p.skipChildren();
            }
            p.close();
            in.close();
            return new Cursor(null, null);
        } catch (IOException | RuntimeException e) {
            p.close();
            in.close();
            throw e;
        }
    }

    private static final class Cursor implements FeatureCursor {
        private final JsonParser parser;
        private final InputStream in;
        private long position;

        Cursor(JsonParser parser, InputStream in) {
            this.parser = parser;
            this.in = in;
        }

        @Override
        public SourceFeature next() throws IOException {
            if (parser == null || parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            position++;
            JsonNode feature = JSON.readTree(parser);
            JsonNode id = feature.path("id");
            long fid = id.canConvertToExactIntegral() && id.isNumber() ? id.longValue() : position;
            Map<String, Object> attributes = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = feature.path("properties").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                attributes.put(e.getKey().toLowerCase(Locale.ROOT), v.isNull() ? null
                        : v.isIntegralNumber() ? (Object) v.longValue()
                        : v.isNumber() ? (Object) v.doubleValue()
                        : v.isTextual() ? v.textValue() : v.toString());
            }
            JsonNode geometry = feature.get("geometry");
            return new SourceFeature(fid, attributes, geometry == null || geometry.isNull() ? null : geometry, DECODER);
        }

        @Override
        public void close() throws IOException {
            if (parser != null) {
                parser.close();
                in.close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (zip != null) {
            zip.close();
        }
    }
}
