package cn.jining.census.check;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@link Fix} as stored: {@code {action, description, edits: [{code, op, wkb}]}}, the pieces as
 * hexadecimal WKB in EPSG:4548 so that a fix applied later moves exactly the piece that was
 * found, to the last bit (GeoJSON in degrees would not round-trip).
 */
final class FixCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FixCodec() {
    }

    static String toJson(Fix fix) {
        if (fix == null) {
            return null;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("action", fix.action());
        root.put("description", fix.description());
        ArrayNode edits = root.putArray("edits");
        WKBWriter wkb = new WKBWriter(2);
        for (Fix.Edit e : fix.edits()) {
            edits.addObject().put("code", e.code()).put("op", e.op().jsonName())
                    .put("wkb", WKBWriter.toHex(wkb.write(e.geometry())));
        }
        return root.toString();
    }

    /** The fix of stored JSON; null for null. */
    static Fix fromJson(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(json);
            WKBReader wkb = new WKBReader(Polygons.FACTORY);
            List<Fix.Edit> edits = new ArrayList<>();
            for (JsonNode e : root.get("edits")) {
                edits.add(new Fix.Edit(e.get("code").asText(), Fix.Op.valueOf(e.get("op").asText().toUpperCase(java.util.Locale.ROOT)),
                        wkb.read(WKBReader.hexToBytes(e.get("wkb").asText()))));
            }
            return new Fix(root.get("action").asText(), root.get("description").asText(), edits);
        } catch (java.io.IOException | ParseException e) {
            throw new IllegalStateException("stored fix is unreadable: " + json, e);
        }
    }
}
