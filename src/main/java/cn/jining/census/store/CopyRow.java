package cn.jining.census.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    // a plain array: ByteArrayOutputStream synchronizes every byte written
    private byte[] out = new byte[256];
    private int size;

    /** Starts a row of {@code fields} fields. */
    public CopyRow(int fields) {
        out[0] = (byte) (fields >> 8);
        out[1] = (byte) fields;
        size = 2;
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

    /** A geometry, written as EWKB with its SRID straight into the row. */
    public CopyRow geometry(Geometry geometry) {
        int lengthAt = size;
        writeInt(0);
        try {
            EWKB.get().write(geometry, (buf, len) -> {
                ensure(len);
                System.arraycopy(buf, 0, out, size, len);
                size += len;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        int length = size - lengthAt - 4;
        out[lengthAt] = (byte) (length >> 24);
        out[lengthAt + 1] = (byte) (length >> 16);
        out[lengthAt + 2] = (byte) (length >> 8);
        out[lengthAt + 3] = (byte) length;
        return this;
    }

    /** The row's bytes. */
    public byte[] bytes() {
        return Arrays.copyOf(out, size);
    }

    private CopyRow nul() {
        writeInt(-1);
        return this;
    }

    private CopyRow field(byte[] bytes) {
        writeInt(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, out, size, bytes.length);
        size += bytes.length;
        return this;
    }

    private void writeInt(int v) {
        ensure(4);
        out[size++] = (byte) (v >> 24);
        out[size++] = (byte) (v >> 16);
        out[size++] = (byte) (v >> 8);
        out[size++] = (byte) v;
    }

    private void ensure(int more) {
        if (size + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
        }
    }
}
