package cn.jining.census.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import cn.jining.census.store.DeliveryStore;
import cn.jining.census.store.DivisionReferenceStore;
import cn.jining.census.store.DivisionReferenceStore.Division;
import io.quarkus.runtime.StartupEvent;

/**
 * Loads the bundled data at start ({@code census.map-data}, env {@code CENSUS_MAP_DATA}; empty
 * loads nothing): the division reference from {@code divisions.csv} beside the delivery (every
 * start, replacing the listed districts' reference rows), then the delivery itself as actor
 * {@code system} when no street is stored yet, followed by the administrative household records
 * of {@code household-records.csv} beside it when present (rows matching no building are logged,
 * as the import reports them). A missing file or a refused delivery is logged
 * and the service starts anyway, so that an administrator can import through the API.
 */
@Singleton
public class StartupLoad {

    private static final Logger LOG = Logger.getLogger(StartupLoad.class);
    static final String ACTOR = "system";
    static final String DIVISIONS_FILE = "divisions.csv";
    static final String HOUSEHOLD_RECORDS_FILE = "household-records.csv";

    private final ImportDelivery imports;
    private final DeliveryStore deliveries;
    private final DivisionReferenceStore divisions;
    private final Optional<String> mapData;

    public StartupLoad(ImportDelivery imports, DeliveryStore deliveries, DivisionReferenceStore divisions,
            @ConfigProperty(name = "census.map-data") Optional<String> mapData) {
        this.imports = imports;
        this.deliveries = deliveries;
        this.divisions = divisions;
        this.mapData = mapData.filter(s -> !s.isBlank());
    }

    // after the admin-token bootstrap (priority 10), so that a failing load cannot lock the admin out
    void onStart(@Observes @Priority(20) StartupEvent event) {
        if (mapData.isEmpty()) {
            return;
        }
        Path delivery = Path.of(mapData.get());
        loadDivisions(delivery.resolveSibling(DIVISIONS_FILE));
        if (!Files.isRegularFile(delivery)) {
            LOG.warnf("map data %s not found: starting without loading it (set CENSUS_MAP_DATA, or import through the API)",
                    delivery.toAbsolutePath());
            return;
        }
        try {
            if (!deliveries.hasNoStreets()) {
                LOG.infof("streets are stored already: %s not loaded again", delivery);
                return;
            }
            ImportOutcome outcome = imports.run(delivery, delivery.getFileName().toString(), ACTOR, ImportMode.ALL_OR_NOTHING);
            if (outcome.status() == ImportOutcome.Status.ACCEPTED) {
                LOG.infof("loaded %s: %s", delivery, outcome.report().counts());
                loadHouseholdRecords(delivery.resolveSibling(HOUSEHOLD_RECORDS_FILE));
            } else {
                ImportReport r = outcome.report();
                LOG.errorf("the map data %s was refused (%s, import %d): %d problems, first: %s", delivery,
                        outcome.status(), r.importId(), r.rejected().size(),
                        r.rejected().isEmpty() ? "-" : r.rejected().get(0));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.errorf(e, "loading the map data %s failed; the service starts without it", delivery);
        }
    }

    private void loadHouseholdRecords(Path file) throws SQLException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        ImportOutcome outcome = imports.run(file, file.getFileName().toString(), ACTOR, ImportMode.ALL_OR_NOTHING);
        ImportReport r = outcome.report();
        LOG.infof("household records %s: %s, %s, %d rows reported", file, outcome.status(), r.counts(), r.rejected().size());
        r.rejected().forEach(rejection -> LOG.infof("  household record not applied: %s", rejection));
    }

    /** Replaces the reference rows of each district listed in the CSV (level,code,name,parent_code). */
    private void loadDivisions(Path file) {
        if (!Files.isRegularFile(file)) {
            LOG.warnf("division reference %s not found: division_reference not loaded", file.toAbsolutePath());
            return;
        }
        Map<String, List<Division>> byDistrict = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = Csv.fields(line);
                if (f.size() < 4) {
                    throw new IOException("expected level,code,name,parent_code in: " + line);
                }
                String code = f.get(1).strip();
                String parent = f.get(3).strip();
                byDistrict.computeIfAbsent(code.substring(0, Math.min(6, code.length())), k -> new ArrayList<>())
                        .add(new Division(f.get(0).strip(), code, f.get(2).strip(), parent.isEmpty() ? null : parent));
            }
            for (Map.Entry<String, List<Division>> e : byDistrict.entrySet()) {
                divisions.replaceDistrict(e.getKey(), e.getValue());
                LOG.infof("division reference of %s: %d rows from %s", e.getKey(), e.getValue().size(), file);
            }
        } catch (IOException | Csv.MalformedException | SQLException e) {
            LOG.errorf("division reference %s not loaded: %s", file, e.getMessage());
        }
    }
}
