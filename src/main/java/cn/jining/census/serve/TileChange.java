package cn.jining.census.serve;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One committed change of a table that tiles draw, as the {@code V5__tiles.sql} triggers announce
 * it on channel {@value #CHANNEL}: the table and the boxes in degrees of the old and new geometry
 * of the rows changed.
 *
 * @param table the table changed
 * @param boxes where, in EPSG:4326; empty with {@code everywhere}
 * @param everywhere the whole table may have changed (a TRUNCATE, or the listener lost the database
 *                   for a while and does not know what changed meanwhile)
 */
public record TileChange(String table, List<LonLatBox> boxes, boolean everywhere) {

    /** The PostgreSQL notification channel. */
    public static final String CHANNEL = "census_tiles";

    /** Anything may have changed anywhere: the listener was disconnected for a while. */
    public static TileChange unknown() {
        return new TileChange("", List.of(), true);
    }

    /**
     * Reads a notification's payload.
     *
     * @throws IllegalArgumentException when it is not the triggers' JSON
     */
    public static TileChange parse(ObjectMapper json, String payload) {
        try {
            JsonNode root = json.readTree(payload);
            String table = root.path("table").asText();
            JsonNode boxes = root.path("boxes");
            if (table.isEmpty()) {
                throw new IllegalArgumentException("no table in tile change " + payload);
            }
            if (boxes.isNull() || boxes.isMissingNode()) {
                return new TileChange(table, List.of(), true);
            }
            List<LonLatBox> read = new ArrayList<>();
            for (JsonNode box : boxes) {
                read.add(grownToAnArea(box.get(0).asDouble(), box.get(1).asDouble(), box.get(2).asDouble(),
                        box.get(3).asDouble()));
            }
            return new TileChange(table, List.copyOf(read), false);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("tile change is not JSON: " + payload, e);
        }
    }

    /** A point or a line along a meridian or parallel has an empty box: grown by a hair (1 cm). */
    private static LonLatBox grownToAnArea(double west, double south, double east, double north) {
        double hair = 1e-7;
        return new LonLatBox(west - hair, south - hair, east + hair, north + hair);
    }
}
