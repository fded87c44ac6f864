package cn.jining.census.serve;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Mapbox Vector Tile 2.1 decoder for tests, reading the protobuf wire format directly (the MVT
 * libraries on Maven Central break on JTS 1.20), and a readable text form of a tile for expected
 * outputs kept next to the tests.
 */
final class VectorTile {

    /** One layer of a tile. */
    record Layer(String name, int version, int extent, List<String> keys, List<Feature> features) {
    }

    /**
     * One feature.
     *
     * @param id       the feature id, or null when the tile gives none
     * @param type     POINT, LINESTRING or POLYGON
     * @param geometry the drawing commands in tile units: {@code M x y} (move), {@code L x y ...}
     *                 (lines), {@code Z} (close ring), absolute coordinates
     */
    record Feature(Long id, String type, SortedMap<String, Object> properties, String geometry) {
    }

    private static final String[] GEOMETRY_TYPES = { "UNKNOWN", "POINT", "LINESTRING", "POLYGON" };

    private final byte[] bytes;
    private int at;
    private final int end;

    private VectorTile(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.at = from;
        this.end = to;
    }

    /** The layers of an encoded tile, by name, in tile order. */
    static Map<String, Layer> decode(byte[] tile) {
        Map<String, Layer> layers = new LinkedHashMap<>();
        VectorTile in = new VectorTile(tile, 0, tile.length);
        while (in.more()) {
            long key = in.varint();
            if (key == (3 << 3 | 2)) { // Tile.layers
                Layer layer = in.message().layer();
                layers.put(layer.name(), layer);
            } else {
                in.skip((int) (key & 7));
            }
        }
        return layers;
    }

    /**
     * The tile as text, one line per layer and per feature with its properties sorted by key,
     * then its geometry: stable enough to compare with an expected file.
     */
    static String toText(byte[] tile) {
        StringBuilder text = new StringBuilder();
        for (Layer layer : decode(tile).values()) {
            text.append("layer ").append(layer.name()).append("  version ").append(layer.version())
                    .append("  extent ").append(layer.extent()).append("  features ").append(layer.features().size())
                    .append('\n');
            for (Feature f : layer.features()) {
                text.append("  feature ").append(f.id() == null ? "-" : f.id()).append("  ").append(f.type())
                        .append("  ").append(f.properties()).append('\n')
                        .append("    ").append(f.geometry()).append('\n');
            }
        }
        return text.toString();
    }

    private Layer layer() {
        String name = null;
        int version = 1;
        int extent = 4096;
        List<String> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        List<VectorTile> features = new ArrayList<>();
        while (more()) {
            long key = varint();
            switch ((int) key) {
                case 1 << 3 | 2 -> name = string();
                case 2 << 3 | 2 -> features.add(message());
                case 3 << 3 | 2 -> keys.add(string());
                case 4 << 3 | 2 -> values.add(message().value());
                case 5 << 3 -> extent = (int) varint();
                case 15 << 3 -> version = (int) varint();
                default -> skip((int) (key & 7));
            }
        }
        List<Feature> decoded = new ArrayList<>();
        for (VectorTile feature : features) {
            decoded.add(feature.feature(keys, values));
        }
        return new Layer(name, version, extent, keys, decoded);
    }

    private Object value() {
        Object value = null;
        while (more()) {
            long key = varint();
            switch ((int) key) {
                case 1 << 3 | 2 -> value = string();
                case 2 << 3 | 5 -> {
                    value = ByteBuffer.wrap(bytes, at, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
                    at += 4;
                }
                case 3 << 3 | 1 -> {
                    value = ByteBuffer.wrap(bytes, at, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble();
                    at += 8;
                }
                case 4 << 3, 5 << 3 -> value = varint();
                case 6 << 3 -> value = zigzag(varint());
                case 7 << 3 -> value = varint() != 0;
                default -> skip((int) (key & 7));
            }
        }
        return value;
    }

    private Feature feature(List<String> keys, List<Object> values) {
        Long id = null;
        String type = GEOMETRY_TYPES[0];
        SortedMap<String, Object> properties = new TreeMap<>();
        String geometry = "";
        while (more()) {
            long key = varint();
            switch ((int) key) {
                case 1 << 3 -> id = varint();
                case 2 << 3 | 2 -> {
                    VectorTile tags = message();
                    while (tags.more()) {
                        properties.put(keys.get((int) tags.varint()), values.get((int) tags.varint()));
                    }
                }
                case 3 << 3 -> type = GEOMETRY_TYPES[(int) varint()];
                case 4 << 3 | 2 -> geometry = message().geometry();
                default -> skip((int) (key & 7));
            }
        }
        return new Feature(id, type, properties, geometry);
    }

    /** Command integers to text, with the cursor's relative moves summed to absolute positions. */
    private String geometry() {
        StringBuilder text = new StringBuilder();
        long x = 0;
        long y = 0;
        while (more()) {
            long command = varint();
            int id = (int) (command & 7);
            long count = command >>> 3;
            if (id == 7) {
                text.append(" Z");
                continue;
            }
            text.append(text.isEmpty() ? "" : " ").append(id == 1 ? "M" : "L");
            for (long i = 0; i < count; i++) {
                x += zigzag(varint());
                y += zigzag(varint());
                text.append(' ').append(x).append(' ').append(y);
            }
        }
        return text.toString();
    }

    private boolean more() {
        return at < end;
    }

    /** The length-delimited field at the cursor as a reader of its own; the cursor moves past it. */
    private VectorTile message() {
        int length = (int) varint();
        VectorTile inner = new VectorTile(bytes, at, at + length);
        at += length;
        return inner;
    }

    private long varint() {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = bytes[at++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private static long zigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }

    private String string() {
        int length = (int) varint();
        String s = new String(bytes, at, length, StandardCharsets.UTF_8);
        at += length;
        return s;
    }

    private void skip(int wireType) {
        switch (wireType) {
            case 0 -> varint();
            case 1 -> at += 8;
            case 2 -> {
                int length = (int) varint(); // before the addition: "at += varint()" would add to the old position
                at += length;
            }
            case 5 -> at += 4;
            default -> throw new IllegalStateException("unknown protobuf wire type " + wireType);
        }
    }
}
