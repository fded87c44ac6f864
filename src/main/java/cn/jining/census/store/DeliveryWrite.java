package cn.jining.census.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import cn.jining.census.model.Layer;

/**
 * One import's transaction: reads the stored context a delivery is checked against, replaces a
 * district's rows layer by layer through binary COPY, re-files dependent rows, and commits with
 * the import recorded in {@code import_run} and {@code edit_log} — or rolls back leaving the
 * database as it was. The import lock ({@code pg_advisory_xact_lock}) is held until then.
 *
 * <p>A district's rows are the streets whose code starts with its 6 digits and the rows of other
 * layers filed under such a street; a delivery replaces the rows of the districts its streets
 * name (one, unless it is a city's delivery). Not thread-safe: one thread drives one import.
 */
public final class DeliveryWrite implements AutoCloseable {

    /** A stored census area: its code, street and geometry (EPSG:4548). */
    public record StoredArea(String code, String streetCode, Geometry geometry) {
    }

    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4548);
    // any fixed number shared by every import: the lock serialises them
    private static final long IMPORT_LOCK = 0x63656e737573L;

    private final Connection connection;
    private final long importId;
    private final Supplier<String> sha256;
    private final Set<Layer> staged = EnumSet.noneOf(Layer.class);
    private final Map<Layer, List<String>> droppedIndexes = new EnumMap<>(Layer.class);
    /** Tables filled anew from empty: their planner statistics are refreshed once the import committed. */
    private final Set<Layer> refilled = EnumSet.noneOf(Layer.class);
    private final Consumer<Set<Layer>> analyzeAfterCommit;
    private boolean done;

    DeliveryWrite(Connection connection, long importId, Supplier<String> sha256,
            Consumer<Set<Layer>> analyzeAfterCommit) {
        this.connection = connection;
        this.importId = importId;
        this.sha256 = sha256;
        this.analyzeAfterCommit = analyzeAfterCommit;
    }

    /**
     * Takes the import lock and inserts the import's {@code import_run} row. Its digest is a
     * placeholder until {@link #commit}: the file may still be hashed beside the import, and no
     * other transaction sees the row before then.
     */
    static long start(Connection c, String actor, String sourceName, Integer declaredSrid)
            throws SQLException {
        try (NamedStatement lock = NamedStatement.prepare(c, "SELECT pg_advisory_xact_lock(:key)")) {
            lock.set("key", IMPORT_LOCK);
            lock.statement().execute();
        }
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO import_run (actor, source_name, sha256, declared_srid, accepted, report)
                VALUES (:actor, :source, repeat('0', 64), :srid, false, '{}')
                RETURNING id
                """)) {
            q.set("actor", actor).set("source", sourceName).set("srid", declaredSrid);
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    Connection connection() {
        return connection;
    }

    /** The id of this import's {@code import_run} row (valid only if it commits). */
    public long importId() {
        return importId;
    }

    /** The stored streets of the districts: code to geometry. */
    public Map<String, Geometry> streets(List<String> districts) throws SQLException {
        Map<String, Geometry> out = new TreeMap<>();
        try (NamedStatement q = NamedStatement.prepare(connection, """
                SELECT code, ST_AsBinary(geom) FROM street WHERE district_code = ANY(:districts)
                """)) {
            q.set("districts", codes(districts));
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), wkb(rs.getBytes(2)));
                }
            }
        }
        return out;
    }

    /** The stored streets of every district: code to geometry. */
    public Map<String, Geometry> streetsOfAllDistricts() throws SQLException {
        Map<String, Geometry> out = new TreeMap<>();
        try (NamedStatement q = NamedStatement.prepare(connection, "SELECT code, ST_AsBinary(geom) FROM street");
                ResultSet rs = q.statement().executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), wkb(rs.getBytes(2)));
            }
        }
        return out;
    }

    /** The stored census areas of the districts, by code. */
    public Map<String, StoredArea> areas(List<String> districts) throws SQLException {
        Map<String, StoredArea> out = new TreeMap<>();
        try (NamedStatement q = NamedStatement.prepare(connection, """
                SELECT code, street_code, ST_AsBinary(geom) FROM area WHERE left(street_code, 6) = ANY(:districts)
                """)) {
            q.set("districts", codes(districts));
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new StoredArea(rs.getString(1), rs.getString(2), wkb(rs.getBytes(3))));
                }
            }
        }
        return out;
    }

    /**
     * The bids of the stored buildings outside {@code districts}, with their street. A bid is the
     * primary key across all districts, so a delivery must not reuse one. (Roads, water and land
     * use are keyed by district and fid: their fids are only unique within a delivery.)
     */
    public Map<String, String> bidsOutside(List<String> districts) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (NamedStatement q = NamedStatement.prepare(connection, """
                SELECT bid, street_code FROM building WHERE left(street_code, 6) <> ALL(:districts)
                """)) {
            q.set("districts", codes(districts));
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** The number of rows each layer holds for the districts, in layer order. */
    public Map<String, Long> counts(List<String> districts) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Layer layer : Layer.values()) {
            try (NamedStatement q = NamedStatement.prepare(connection, """
                    SELECT count(*) FROM %s WHERE left(street_code, 6) = ANY(:districts)
                    """.formatted(layer.tableName()))) {
                q.set("districts", codes(districts));
                try (ResultSet rs = q.statement().executeQuery()) {
                    rs.next();
                    out.put(layer.tableName(), rs.getLong(1));
                }
            }
        }
        return out;
    }

    /**
     * Starts replacing the district's rows of a layer: the returned COPY takes the new rows, and
     * {@link #completeReplace} ends the replacement after the COPY finished.
     *
     * <p>Rows are normally deleted and copied in anew. When census subareas already refer to
     * the district's areas or buildings (non-deferrable foreign keys), the new rows go to a
     * staging table instead and are merged by code or bid, so that the referenced rows are
     * updated in place rather than deleted.
     */
    public LayerCopy replace(Layer layer, List<String> districts) throws SQLException {
        if (layer == Layer.BUILDING) {
            // household records would cascade away with their buildings: set them aside
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TEMP TABLE IF NOT EXISTS kept_household_record (LIKE household_record) ON COMMIT DROP");
            }
        }
        String target = layer.tableName();
        if (referencedBySubareas(layer, districts)) {
            target = "staged_" + layer.tableName();
            try (Statement s = connection.createStatement()) {
                // with defaults: columns later stages add (a building's version) are not in the delivery
                s.execute("CREATE TEMP TABLE %s (LIKE %s INCLUDING DEFAULTS) ON COMMIT DROP".formatted(target, layer.tableName()));
            }
            staged.add(layer);
        } else {
            if (layer == Layer.BUILDING) {
                try (NamedStatement q = NamedStatement.prepare(connection, """
                        INSERT INTO kept_household_record
                        SELECT * FROM household_record WHERE left(street_code, 6) = ANY(:districts)
                        """)) {
                    q.set("districts", codes(districts));
                    q.statement().executeUpdate();
                }
            }
            try (NamedStatement q = NamedStatement.prepare(connection, """
                    DELETE FROM %s WHERE left(street_code, 6) = ANY(:districts)
                    """.formatted(layer.tableName()))) {
                q.set("districts", codes(districts));
                q.statement().executeUpdate();
            }
            // street and area are small, and their deferred foreign-key checks forbid index DDL
            if (layer != Layer.STREET && layer != Layer.AREA && isEmpty(layer)) {
                dropSecondaryIndexes(layer);
            }
        }
        CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(DeliveryRow.copyStatement(layer, target));
        return new LayerCopy(in);
    }

    /**
     * Ends the replacement begun by {@link #replace}. For a staged layer: deletes the district's
     * rows the delivery no longer has, unless subareas refer to them, and merges the new rows.
     *
     * @return the number of rows kept because subareas refer to them although the delivery lacks them
     */
    public int completeReplace(Layer layer, List<String> districts) throws SQLException {
        List<String> indexes = droppedIndexes.remove(layer);
        if (indexes != null) {
            try (Statement s = connection.createStatement()) {
                for (String definition : indexes) {
                    s.execute(definition);
                }
            }
            refilled.add(layer);
        }
        if (!staged.contains(layer)) {
            return 0;
        }
        String key = layer == Layer.AREA ? "code" : "bid";
        String referrer = layer == Layer.AREA ? "SELECT 1 FROM subarea r WHERE r.area_code = t.code"
                : "SELECT 1 FROM subarea_building r WHERE r.bid = t.bid";
        int kept;
        try (NamedStatement q = NamedStatement.prepare(connection, """
                SELECT count(*) FROM %1$s t
                 WHERE left(t.street_code, 6) = ANY(:districts)
                   AND NOT EXISTS (SELECT 1 FROM staged_%1$s s WHERE s.%2$s = t.%2$s)
                   AND EXISTS (%3$s)
                """.formatted(layer.tableName(), key, referrer))) {
            q.set("districts", codes(districts));
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                kept = rs.getInt(1);
            }
        }
        try (NamedStatement q = NamedStatement.prepare(connection, """
                DELETE FROM %1$s t
                 WHERE left(t.street_code, 6) = ANY(:districts)
                   AND NOT EXISTS (SELECT 1 FROM staged_%1$s s WHERE s.%2$s = t.%2$s)
                   AND NOT EXISTS (%3$s)
                """.formatted(layer.tableName(), key, referrer))) {
            q.set("districts", codes(districts));
            q.statement().executeUpdate();
        }
        String columns = DeliveryRow.columns(layer);
        StringBuilder updates = new StringBuilder();
        for (String column : columns.split(", ")) {
            if (!column.equals(key)) {
                updates.append(updates.isEmpty() ? "" : ", ").append(column).append(" = EXCLUDED.").append(column);
            }
        }
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("""
                    INSERT INTO %1$s (%2$s) SELECT %2$s FROM staged_%1$s
                    ON CONFLICT (%3$s) DO UPDATE SET %4$s
                    """.formatted(layer.tableName(), columns, key, updates));
        }
        return kept;
    }

    private boolean isEmpty(Layer layer) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + layer.tableName() + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Drops a table's indexes other than its primary key and unique constraints, and its own
     * foreign keys (such as {@code import_id}), keeping their definitions for
     * {@link #completeReplace}, as PostgreSQL's guide to populating a database advises: building
     * a GiST index once over a million rows is several times faster than growing it row by row,
     * and one validating join replaces a foreign-key lookup per row. The price is an exclusive
     * lock on the table until the import commits, taken only when the import fills an empty
     * table (first load, or a re-delivery of the only district).
     */
    private void dropSecondaryIndexes(Layer layer) throws SQLException {
        List<String> definitions = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        try (NamedStatement q = NamedStatement.prepare(connection, """
                SELECT 'DROP INDEX ' || i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                  FROM pg_index i
                 WHERE i.indrelid = CAST(:table AS regclass) AND NOT i.indisprimary AND NOT i.indisunique
                UNION ALL
                SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
                       format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                              pg_get_constraintdef(c.oid))
                  FROM pg_constraint c
                 WHERE c.conrelid = CAST(:table AS regclass) AND c.contype = 'f'
                """)) {
            q.set("table", layer.tableName());
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    drops.add(rs.getString(1));
                    definitions.add(rs.getString(2));
                }
            }
        }
        try (Statement s = connection.createStatement()) {
            for (String drop : drops) {
                s.execute(drop);
            }
        }
        droppedIndexes.put(layer, definitions);
    }

    private boolean referencedBySubareas(Layer layer, List<String> districts) throws SQLException {
        String sql = switch (layer) {
            case AREA -> "SELECT EXISTS (SELECT 1 FROM subarea WHERE left(street_code, 6) = ANY(:districts))";
            case BUILDING -> "SELECT EXISTS (SELECT 1 FROM subarea_building WHERE left(street_code, 6) = ANY(:districts))";
            default -> null;
        };
        if (sql == null) {
            return false;
        }
        try (NamedStatement q = NamedStatement.prepare(connection, sql)) {
            q.set("districts", codes(districts));
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Puts back the household records set aside by {@link #replace} for buildings that exist
     * again, filed under their new street, and recomputes those buildings' record columns.
     *
     * @return the number of records dropped because their building is gone
     */
    public int restoreHouseholdRecords(List<String> districts) throws SQLException {
        int kept;
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM kept_household_record")) {
            rs.next();
            kept = rs.getInt(1);
        }
        int restored;
        try (Statement s = connection.createStatement()) {
            restored = s.executeUpdate("""
                    INSERT INTO household_record (id, import_id, bid, street_code, households, persons, source)
                    SELECT k.id, k.import_id, k.bid, b.street_code, k.households, k.persons, k.source
                      FROM kept_household_record k JOIN building b USING (bid)
                    """);
            s.execute("TRUNCATE kept_household_record");
        }
        HouseholdRecordStore.recomputeBuildings(connection, """
                SELECT DISTINCT bid FROM household_record WHERE left(street_code, 6) = ANY(:districts)
                """, "districts", codes(districts));
        return kept - restored;
    }

    /**
     * Files the district's stored rows of a layer the delivery did not replace under the street
     * (and, for buildings, the census area) holding most of each, after streets or areas
     * changed: longest length for roads, largest area otherwise. Rows overlapping no street keep
     * their street.
     */
    public void refile(Layer layer, List<String> districts) throws SQLException {
        String measure = layer == Layer.ROAD ? "ST_Length" : "ST_Area";
        String key = layer == Layer.BUILDING ? "bid" : "fid";
        try (NamedStatement q = NamedStatement.prepare(connection, """
                UPDATE %1$s t SET street_code = coalesce(best.street_code, t.street_code)
                  FROM (SELECT r.%2$s AS key, left(r.street_code, 6) AS district,
                               (SELECT s.code FROM street s
                                 WHERE s.district_code = ANY(:districts) AND ST_Intersects(s.geom, r.geom)
                                 ORDER BY %3$s(ST_Intersection(s.geom, r.geom)) DESC, s.code LIMIT 1) AS street_code
                          FROM %1$s r WHERE left(r.street_code, 6) = ANY(:districts)) best
                 WHERE t.%2$s = best.key AND left(t.street_code, 6) = best.district
                """.formatted(layer.tableName(), key, measure))) {
            q.set("districts", codes(districts));
            q.statement().executeUpdate();
        }
        if (layer == Layer.BUILDING) {
            try (NamedStatement q = NamedStatement.prepare(connection, """
                    UPDATE building t SET area_code = best.area_code
                      FROM (SELECT r.bid,
                                   (SELECT a.code FROM area a
                                     WHERE left(a.street_code, 6) = ANY(:districts) AND ST_Intersects(a.geom, r.geom)
                                     ORDER BY ST_Area(ST_Intersection(a.geom, r.geom)) DESC, a.code LIMIT 1) AS area_code
                              FROM building r WHERE left(r.street_code, 6) = ANY(:districts)) best
                     WHERE t.bid = best.bid
                    """)) {
                q.set("districts", codes(districts));
                q.statement().executeUpdate();
            }
            try (NamedStatement q = NamedStatement.prepare(connection, """
                    UPDATE household_record h SET street_code = b.street_code
                      FROM building b
                     WHERE h.bid = b.bid AND h.street_code <> b.street_code AND left(b.street_code, 6) = ANY(:districts)
                    """)) {
                q.set("districts", codes(districts));
                q.statement().executeUpdate();
            }
        }
    }

    /**
     * Stores the district's outline as the union of its streets, with its name from the
     * division reference when listed there.
     */
    public void saveDistrict(String district) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(connection, """
                INSERT INTO district (code, name, geom)
                SELECT :district,
                       coalesce((SELECT name FROM division_reference WHERE code = :district),
                                (SELECT name FROM district WHERE code = :district),
                                :district),
                       (SELECT ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) FROM street WHERE district_code = :district)
                ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, geom = EXCLUDED.geom
                """)) {
            q.set("district", district);
            q.statement().executeUpdate();
        }
    }

    /**
     * Marks the import accepted with its report, logs it in {@code edit_log} (action
     * {@code import}, the given entity such as {@code delivery}, before and after: row counts),
     * commits and releases the import lock. The tables filled anew then get fresh planner
     * statistics, after the commit and beside the caller (see {@link DeliveryStore}).
     */
    public void commit(String actor, String entity, String sourceName, String reportJson, String beforeJson,
            String afterJson)
            throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(connection, """
                UPDATE import_run SET accepted = true, finished_at = now(), report = CAST(:report AS jsonb),
                       sha256 = :sha256
                 WHERE id = :id
                """)) {
            q.set("report", reportJson).set("sha256", sha256.get()).set("id", importId);
            q.statement().executeUpdate();
        }
        try (NamedStatement q = NamedStatement.prepare(connection, """
                INSERT INTO edit_log (actor, action, entity, entity_key, reason, before, after)
                VALUES (:actor, 'import', :entity, :key, :reason, CAST(:before AS jsonb), CAST(:after AS jsonb))
                """)) {
            q.set("actor", actor).set("entity", entity).set("key", Long.toString(importId)).set("reason", "import of " + sourceName)
                    .set("before", beforeJson).set("after", afterJson);
            q.statement().executeUpdate();
        }
        connection.commit();
        done = true;
        if (!refilled.isEmpty()) {
            analyzeAfterCommit.accept(Set.copyOf(refilled));
        }
    }

    /** Rolls back whatever this import wrote (also done by {@link #close()} when not committed). */
    public void rollback() throws SQLException {
        if (!done) {
            connection.rollback();
            done = true;
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            rollback();
        } finally {
            connection.close();
        }
    }

    /** The district codes as an SQL {@code text[]}, for {@code = ANY(:districts)}. */
    private Array codes(List<String> districts) throws SQLException {
        return connection.createArrayOf("text", districts.toArray());
    }

    private static Geometry wkb(byte[] bytes) {
        try {
            return new WKBReader(FACTORY).read(bytes);
        } catch (ParseException e) {
            throw new UncheckedIOException(new IOException("PostGIS returned unreadable WKB", e));
        }
    }
}
