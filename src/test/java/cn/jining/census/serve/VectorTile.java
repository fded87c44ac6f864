package cn.jining.census.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of a Mapbox Vector Tile 2.1 decoder to check what a tile holds: its layers with
 * their name, extent, feature count and attribute keys. Reads the protobuf wire format directly
 * (the MVT libraries on Maven Central break on JTS 1.20).
 */
final class VectorTile {

    /** One layer of a tile. */
    record Layer(String name, int extent, int features, List<String> keys) {
    }

    private final byte[] bytes;
    private int at;

    private VectorTile(byte[] bytes, int from) {
        this.bytes = bytes;
        this.at = from;
    }

    /** The layers of an encoded tile, by name. */
    static Map<String, Layer> decode(byte[] tile) {
        Map<String, Layer> layers = new LinkedHashMap<>();
        VectorTile in = new VectorTile(tile, 0);
        while (in.at < tile.length) {
            long key = in.varint();
            if (key >>> 3 == 3 && (key & 7) == 2) { // Tile.layers
                int length = (int) in.varint();
                Layer layer = layer(tile, in.at, in.at + length);
                layers.put(layer.name(), layer);
                in.at += length;
            } else {
                in.skip((int) (key & 7));
            }
        }
        return layers;
    }

    private static Layer layer(byte[] tile, int from, int to) {
        VectorTile in = new VectorTile(tile, from);
        String name = null;
        int extent = 4096;
        int features = 0;
        List<String> keys = new ArrayList<>();
        while (in.at < to) {
            long key = in.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == 1 && wire == 2) {
                name = in.string();
            } else if (field == 2 && wire == 2) {
                features++;
                in.skip(wire);
            } else if (field == 3 && wire == 2) {
                keys.add(in.string());
            } else if (field == 5 && wire == 0) {
                extent = (int) in.varint();
            } else {
                in.skip(wire);
            }
        }
        return new Layer(name, extent, features, keys);
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

    private String string() {
        int length = (int) varint();
        String s = new String(bytes, at, length, java.nio.charset.StandardCharsets.UTF_8);
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
