package cn.jining.census.delineate;

import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.jining.census.geo.ToLonLat;
import cn.jining.census.store.SubareaStore;

/**
 * Subareas as a GeoJSON FeatureCollection (RFC 7946, EPSG:4326, 7 decimals ≈ 1 cm), the same for a
 * proposal and for stored subareas. Properties: {@code code}, {@code households}, {@code virtual},
 * {@code vertical_of}, {@code sizhi} (the 四至 text), {@code sizhi_sides} (east, south, west, north),
 * {@code version} (0 for a proposal, which is not stored), {@code in_band}, {@code exception} (why
 * outside the band), {@code sources} (households by where the number comes from: {@code estimate}
 * or an administrative record's source). A virtual subarea has a null geometry.
 */
final class SubareaFeatures {

    /** One feature's content, geometry in EPSG:4548. */
    record Row(String code, int households, boolean virtual, String verticalOf, Map<String, String> sizhi, long version,
            boolean inBand, String exception, Map<String, Integer> sources, Geometry geometry) {
    }

    private final ObjectMapper json;

    SubareaFeatures(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode collection(List<Row> rows) {
        ObjectNode fc = json.createObjectNode();
        fc.put("type", "FeatureCollection");
        ArrayNode features = fc.putArray("features");
        GeoJsonWriter writer = new GeoJsonWriter(7);
        writer.setEncodeCRS(false);
        for (Row r : rows) {
            ObjectNode f = features.addObject();
            f.put("type", "Feature");
            f.put("id", r.code());
            f.set("geometry", r.geometry() == null ? null : parse(writer.write(ToLonLat.apply(r.geometry()))));
            ObjectNode p = f.putObject("properties");
            p.put("code", r.code());
            p.put("households", r.households());
            p.put("virtual", r.virtual());
            p.put("vertical_of", r.verticalOf());
            p.put("sizhi", r.sizhi().getOrDefault("text", ""));
            ObjectNode sides = p.putObject("sizhi_sides");
            for (String side : List.of("east", "south", "west", "north")) {
                sides.put(side, r.sizhi().getOrDefault(side, ""));
            }
            p.put("version", r.version());
            p.put("in_band", r.inBand());
            p.put("exception", r.exception());
            ObjectNode sources = p.putObject("sources");
            r.sources().forEach(sources::put);
        }
        return fc;
    }

    /** A proposed subarea as a row. */
    static Row row(AreaDelineation.Subarea s, DelineationSettings settings) {
        Map<String, Integer> sources = new java.util.TreeMap<>();
        s.members().forEach(m -> sources.merge(m.source(), m.households(), Integer::sum));
        return new Row(s.code(), s.households(), s.virtual(), s.verticalOf(), s.sizhi().asMap(), 0,
                s.virtual() || settings.inBand(s.households()), s.exception(), sources, s.geometry());
    }

    /** A stored subarea as a row. */
    Row row(SubareaStore.StoredSubarea s, DelineationSettings settings) {
        Map<String, String> sizhi = new java.util.LinkedHashMap<>();
        try {
            json.readTree(s.sizhiJson()).fields().forEachRemaining(e -> sizhi.put(e.getKey(), e.getValue().asText()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("subarea " + s.code() + ": unreadable sizhi", e);
        }
        return new Row(s.code(), s.households(), s.virtual(), s.verticalOf(), sizhi, s.version(),
                s.virtual() || settings.inBand(s.households()), s.exception(), s.sources(), s.geometry());
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("GeoJSON writer gave unreadable JSON", e);
        }
    }
}
