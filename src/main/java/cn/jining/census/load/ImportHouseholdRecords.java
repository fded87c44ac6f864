package cn.jining.census.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

import cn.jining.census.geo.ToEpsg4548;
import cn.jining.census.load.ImportOutcome.Status;
import cn.jining.census.store.DeliveryStore;
import cn.jining.census.store.DeliveryWrite;
import cn.jining.census.store.HouseholdRecordStore;
import cn.jining.census.store.HouseholdRecordStore.Match;
import cn.jining.census.store.HouseholdRecordStore.RecordRow;

/**
 * Imports administrative household records from CSV (UTF-8, header row; columns {@code bid}
 * or {@code lon},{@code lat} in EPSG:4490, {@code households}, {@code persons}, {@code source}).
 * Each row is matched to a building by bid, else by the building containing its point; the
 * matched rows replace the stored records of the same {@code source} values and override the
 * buildings' estimates (see {@link HouseholdRecordStore}).
 *
 * <p>Rows that match no building are reported and skipped: they do not refuse the import.
 * Malformed rows refuse it, unless the mode is partial.
 */
@ApplicationScoped
public class ImportHouseholdRecords {

    static final String LAYER = "household_record";
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private final DeliveryStore store;
    private final ImportSettings settings;

    public ImportHouseholdRecords(DeliveryStore store, ImportSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** Imports the CSV {@code file}; see the class comment. */
    ImportOutcome run(Path file, String fileName, String sha256, String actor, ImportMode mode) throws SQLException {
        List<RecordRow> rows = new ArrayList<>();
        // problems by row number: malformed rows are found while reading, unmatched ones after matching
        TreeMap<Integer, Rejection> problems = new TreeMap<>();
        Map<Integer, Rejection> unmatched = new HashMap<>();
        ToEpsg4548 toStored = new ToEpsg4548(4490, false);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = Csv.fields(in.readLine());
            Map<String, Integer> column = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                column.put(header.get(i).strip().replace("\uFEFF", "").toLowerCase(), i);
            }
            boolean byPoint = column.containsKey("lon") && column.containsKey("lat");
            if (!column.containsKey("households") || !column.containsKey("source")
                    || !(column.containsKey("bid") || byPoint)) {
                return refuse(Status.UNREADABLE, "the CSV header must name households, source and either bid or lon and lat; it has "
                        + header, actor, fileName, sha256);
            }
            String line;
            int rowNumber = 0;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                rowNumber++;
                List<String> fields = Csv.fields(line);
                Row row = new Row(rowNumber, fields, column);
                String problem = row.problem(header.size());
                if (problem != null) {
                    problems.put(rowNumber, Rejection.at(LAYER, row.id(), problem, row.lonLat()));
                    continue;
                }
                Point point = row.lonLat() == null ? null
                        : (Point) toStored.apply(FACTORY.createPoint(row.lonLat()));
                rows.add(new RecordRow(rowNumber, row.bid(), point, row.households(), row.persons(), row.source()));
                unmatched.put(rowNumber, Rejection.at(LAYER, row.id(),
                        row.bid() != null ? "matches no building (no building has this bid"
                                + (point != null ? " nor contains the point)" : ")")
                                : "matches no building (no building contains the point)",
                        row.lonLat()));
            }
        } catch (IOException | Csv.MalformedException e) {
            return refuse(Status.UNREADABLE, "cannot read the CSV: " + e.getMessage(), actor, fileName, sha256);
        }
        boolean malformed = !problems.isEmpty();

        try (DeliveryWrite w = store.begin(actor, fileName, () -> sha256, 4490)) {
            long before = HouseholdRecordStore.count(w);
            long matched = 0;
            for (Match m : HouseholdRecordStore.match(w, rows)) {
                if (m.bid() == null) {
                    problems.put(m.row(), unmatched.get(m.row()));
                } else {
                    matched++;
                }
            }
            List<Rejection> rejected = problems.values().stream().limit(settings.maxReportedRejections()).toList();
            List<String> warnings = new ArrayList<>();
            if (problems.size() > rejected.size()) {
                warnings.add(problems.size() + " rejections in all; the first " + rejected.size() + " are listed");
            }
            if (malformed && mode == ImportMode.ALL_OR_NOTHING) {
                w.rollback();
                ImportReport report = new ImportReport(false, Map.of(LAYER, matched), rejected, warnings, null);
                long id = store.recordRefusal(actor, fileName, sha256, 4490, ImportDelivery.json(report));
                return new ImportOutcome(Status.REFUSED, report.withImportId(id));
            }
            int stored = HouseholdRecordStore.replace(w);
            long after = HouseholdRecordStore.count(w);
            ImportReport report = new ImportReport(true, Map.of(LAYER, (long) stored), rejected, warnings,
                    w.importId());
            w.commit(actor, LAYER, fileName, ImportDelivery.json(report), ImportDelivery.json(Map.of(LAYER, before)),
                    ImportDelivery.json(Map.of(LAYER, after)));
            return new ImportOutcome(Status.ACCEPTED, report);
        }
    }

    private ImportOutcome refuse(Status status, String reason, String actor, String fileName, String sha256)
            throws SQLException {
        ImportReport report = ImportReport.refusedFile(reason);
        long id = store.recordRefusal(actor, fileName, sha256, null, ImportDelivery.json(report));
        return new ImportOutcome(status, report.withImportId(id));
    }

    /** One data row with its fields looked up by header name. */
    private record Row(int number, List<String> fields, Map<String, Integer> column) {

        String field(String name) {
            Integer i = column.get(name);
            if (i == null || i >= fields.size()) {
                return null;
            }
            String v = fields.get(i).strip();
            return v.isEmpty() ? null : v;
        }

        String bid() {
            return field("bid");
        }

        String source() {
            return field("source");
        }

        String id() {
            return bid() != null ? bid() : "row " + number;
        }

        Coordinate lonLat() {
            try {
                String lon = field("lon");
                String lat = field("lat");
                return lon == null || lat == null ? null : new Coordinate(Double.parseDouble(lon), Double.parseDouble(lat));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        int households() {
            return Integer.parseInt(field("households"));
        }

        Integer persons() {
            return field("persons") == null ? null : Integer.valueOf(field("persons"));
        }

        /** What is wrong with the row, or null when it is well-formed. */
        String problem(int columns) {
            if (fields.size() != columns) {
                return "has " + fields.size() + " fields, the header " + columns;
            }
            if (bid() == null && (field("lon") == null || field("lat") == null)) {
                return "has neither bid nor lon and lat";
            }
            if (field("lon") != null || field("lat") != null) {
                Coordinate c = lonLat();
                if (c == null || c.x < 73 || c.x > 136 || c.y < 3 || c.y > 54) {
                    return "lon/lat (" + field("lon") + ", " + field("lat")
                            + ") is not an EPSG:4490 longitude 73–136 and latitude 3–54";
                }
            }
            String households = field("households");
            if (households == null || !households.matches("\\d{1,9}")) {
                return "households '" + (households == null ? "" : households) + "' is not a whole number ≥ 0";
            }
            String persons = field("persons");
            if (persons != null && !persons.matches("\\d{1,9}")) {
                return "persons '" + persons + "' is not a whole number ≥ 0";
            }
            if (source() == null) {
                return "source is missing";
            }
            return null;
        }
    }
}
