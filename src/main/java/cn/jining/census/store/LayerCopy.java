package cn.jining.census.store;

import java.sql.SQLException;

import org.postgresql.copy.CopyIn;

/**
 * A binary COPY of one layer's rows into its table, inside the import's transaction. Rows are
 * gathered into blocks of about {@value #BLOCK} bytes before they go to the server, so that the
 * driver is not called once per row.
 */
public final class LayerCopy implements AutoCloseable {

    static final int BLOCK = 1 << 20;

    private final CopyIn in;
    private final byte[] block = new byte[BLOCK];
    private int used;
    private long rows;

    LayerCopy(CopyIn in) throws SQLException {
        this.in = in;
        write(CopyRow.HEADER);
    }

    /** Sends one row built by {@link DeliveryRow#encode(long)}. */
    public void add(byte[] row) throws SQLException {
        write(row);
        rows++;
    }

    /** Ends the COPY; the rows become visible to the rest of the transaction. */
    public long finish() throws SQLException {
        write(CopyRow.TRAILER);
        flush();
        in.endCopy();
        return rows;
    }

    /** Cancels a COPY that was not finished (the transaction then rolls back). */
    @Override
    public void close() throws SQLException {
        if (in.isActive()) {
            in.cancelCopy();
        }
    }

    private void write(byte[] bytes) throws SQLException {
        if (used + bytes.length > BLOCK) {
            flush();
        }
        if (bytes.length > BLOCK) {
            in.writeToCopy(bytes, 0, bytes.length);
            return;
        }
        System.arraycopy(bytes, 0, block, used, bytes.length);
        used += bytes.length;
    }

    private void flush() throws SQLException {
        if (used > 0) {
            in.writeToCopy(block, 0, used);
            used = 0;
        }
    }
}
