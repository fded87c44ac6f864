package cn.jining.census.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Point;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Administrative household records (public-security registration, housing records) matched to
 * buildings, inside an import's transaction.
 *
 * <p>A building's record columns ({@code households_record}, {@code persons_record},
 * {@code record_source}) are the sums over its records of the latest import that gave it any;
 * records of one {@code source} value are replaced as a whole when that source is imported
 * again, so importing the same file twice gives the same result.
 */
public final class HouseholdRecordStore {

    /**
     * A well-formed record row as read.
     *
     * @param row        its 1-based data row number in the file
     * @param bid        the building id given, or null
     * @param point      the point given (EPSG:4548), or null
     * @param households households counted (≥ 0)
     * @param persons    persons counted (≥ 0), or null when not given
     * @param source     where the record comes from, e.g. 公安户籍
     */
    public record RecordRow(int row, String bid, Point point, int households, Integer persons, String source) {
    }

    /** The building a row matched: by bid, else the building containing its point; null for none. */
    public record Match(int row, String bid) {
    }

    private HouseholdRecordStore() {
    }

    /** Stages the rows in the import's transaction and matches each to a building. */
    public static List<Match> match(DeliveryWrite write, List<RecordRow> rows) throws SQLException {
        Connection c = write.connection();
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TEMP TABLE staged_household_record (
                        row_no int, bid text, point geometry(Point, 4548), households int, persons int,
                        source text, matched_bid text
                    ) ON COMMIT DROP
                    """);
        }
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                COPY staged_household_record (row_no, bid, point, households, persons, source) FROM STDIN (FORMAT binary)
                """);
        try (LayerCopy copy = new LayerCopy(in)) {
            for (RecordRow r : rows) {
                CopyRow row = new CopyRow(6).int4(r.row()).text(r.bid());
                (r.point() == null ? row.text(null) : row.geometry(r.point())).int4(r.households()).int4(r.persons())
                        .text(r.source());
                copy.add(row.bytes());
            }
            copy.finish();
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("""
                    UPDATE staged_household_record s SET matched_bid = b.bid
                      FROM building b WHERE s.bid IS NOT NULL AND b.bid = s.bid
                    """);
            // a point inside several (overlapping) buildings goes to the smallest bid, deterministically
            s.executeUpdate("""
                    UPDATE staged_household_record s
                       SET matched_bid = (SELECT b.bid FROM building b WHERE ST_Intersects(b.geom, s.point)
                                           ORDER BY b.bid LIMIT 1)
                     WHERE s.matched_bid IS NULL AND s.point IS NOT NULL
                    """);
        }
        List<Match> out = new ArrayList<>(rows.size());
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT row_no, matched_bid FROM staged_household_record ORDER BY row_no")) {
            while (rs.next()) {
                out.add(new Match(rs.getInt(1), rs.getString(2)));
            }
        }
        return out;
    }

    /**
     * Replaces the stored records of every source value among the staged rows by the matched
     * staged rows, and recomputes the record columns of every building that lost or gained one.
     *
     * @return the number of records stored
     */
    public static int replace(DeliveryWrite write) throws SQLException {
        Connection c = write.connection();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE affected_bid (bid text PRIMARY KEY) ON COMMIT DROP");
            s.executeUpdate("""
                    WITH gone AS (
                        DELETE FROM household_record
                         WHERE source IN (SELECT source FROM staged_household_record)
                        RETURNING bid)
                    INSERT INTO affected_bid
                    SELECT bid FROM gone
                    UNION
                    SELECT matched_bid FROM staged_household_record WHERE matched_bid IS NOT NULL
                    """);
        }
        int stored;
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO household_record (import_id, bid, street_code, households, persons, source)
                SELECT :import, s.matched_bid, b.street_code, s.households, s.persons, s.source
                  FROM staged_household_record s JOIN building b ON b.bid = s.matched_bid
                 ORDER BY s.row_no
                """)) {
            q.set("import", write.importId());
            stored = q.statement().executeUpdate();
        }
        recomputeBuildings(c, "SELECT bid FROM affected_bid", null, null);
        return stored;
    }

    /** The number of stored household records. */
    public static long count(DeliveryWrite write) throws SQLException {
        try (Statement s = write.connection().createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM household_record")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Sets the record columns of the buildings {@code bidsQuery} selects from their records of
     * the latest import that gave them any, or to null when they have none.
     */
    static void recomputeBuildings(Connection c, String bidsQuery, String param, Object value) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                WITH affected AS (%s),
                latest AS (
                    SELECT h.bid, sum(h.households)::int AS households, sum(h.persons)::int AS persons,
                           string_agg(DISTINCT h.source, ', ' ORDER BY h.source) AS sources
                      FROM household_record h JOIN affected USING (bid)
                     WHERE h.import_id = (SELECT max(l.import_id) FROM household_record l WHERE l.bid = h.bid)
                     GROUP BY h.bid)
                UPDATE building b
                   SET households_record = latest.households, persons_record = latest.persons,
                       record_source = latest.sources
                  FROM affected LEFT JOIN latest USING (bid)
                 WHERE b.bid = affected.bid
                """.formatted(bidsQuery))) {
            if (param != null) {
                q.set(param, value);
            }
            q.statement().executeUpdate();
        }
    }
}
