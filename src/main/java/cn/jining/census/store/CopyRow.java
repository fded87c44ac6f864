package cn.jining.census.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;

/**
 * One row of PostgreSQL's binary COPY format: a field count, then each field as a length and its
 * bytes in the column type's binary (receive) form. Geometries are sent as EWKB, which PostGIS's
 * receive function reads directly, so neither side formats or parses text.
 *
 * <p>Not thread-safe; build one row per thread.
 */
public final class CopyRow {

    /** The signature, flags and header extension length that open a binary COPY stream. */
    static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** The field count -1 that closes a binary COPY stream. */
    static final byte[] TRAILER = {(byte) 0xff, (byte) 0xff};

    private static final ThreadLocal<WKBWriter> EWKB =
            ThreadLocal.withInitial(() -> new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN, true));

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    /** Starts a row of {@code fields} fields. */
    public CopyRow(int fields) {
        out.write(fields >> 8);
        out.write(fields);
    }

    /** A text, varchar or char(n) value; null becomes SQL NULL. */
    public CopyRow text(String value) {
        return value == null ? nul() : field(value.getBytes(StandardCharsets.UTF_8));
    }

    /** An integer (int4) value; null becomes SQL NULL. */
    public CopyRow int4(Integer value) {
        if (value == null) {
            return nul();
        }
        int v = value;
        return field(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
    }

    /** A bigint (int8) value. */
    public CopyRow int8(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>= 8;
        }
        return field(b);
    }

    /** A geometry, written as EWKB with its SRID. */
    public CopyRow geometry(Geometry geometry) {
        return field(EWKB.get().write(geometry));
    }

    /** The row's bytes. */
    public byte[] bytes() {
        return out.toByteArray();
    }

    private CopyRow nul() {
        writeInt(-1);
        return this;
    }

    private CopyRow field(byte[] bytes) {
        writeInt(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    private void writeInt(int v) {
        out.write(v >> 24);
        out.write(v >> 16);
        out.write(v >> 8);
        out.write(v);
    }
}
