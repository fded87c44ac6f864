package cn.jining.census.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import cn.jining.census.load.ImportOutcome.Status;
import cn.jining.census.store.DeliveryStore;

/**
 * Imports a file: a natural-resources delivery (GeoPackage, GeoJSON, zipped Shapefile or File
 * Geodatabase) or household records (CSV), recognised from its content.
 *
 * <p>A delivery is validated feature by feature, in parallel, and its layers replace the
 * district's rows of the same layers in one transaction (see {@link LoadRun}). All or nothing
 * by default: any rejection refuses the import and leaves the database as it was; in
 * {@link ImportMode#PARTIAL} the accepted features are stored and the rejected ones reported.
 * Every attempt is recorded in {@code import_run}, with its report. Imports run one at a time.
 */
@ApplicationScoped
public class ImportDelivery {

    private static final Logger LOG = Logger.getLogger(ImportDelivery.class);
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private final DeliveryStore store;
    private final ImportSettings settings;
    private final ImportHouseholdRecords householdRecords;
    private final ForkJoinPool workers = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    private final ExecutorService digests = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "import-digest");
        thread.setDaemon(true);
        return thread;
    });

    public ImportDelivery(DeliveryStore store, ImportSettings settings, ImportHouseholdRecords householdRecords) {
        this.store = store;
        this.settings = settings;
        this.householdRecords = householdRecords;
    }

    @PreDestroy
    void stop() {
        workers.shutdown();
        digests.shutdown();
    }

    /**
     * Imports {@code file}, uploaded or named as {@code fileName}, on behalf of {@code actor}.
     *
     * @throws SQLException when the database fails (not for bad data, which is reported)
     */
    public ImportOutcome run(Path file, String fileName, String actor, ImportMode mode) throws SQLException {
        long started = System.nanoTime();
        // the digest is needed only when the import is recorded: it is computed beside the checks
        // (hashing a city's 275 MB costs seconds of CPU under the one-shot command's C1 compiler)
        Future<String> digest = digests.submit(() -> sha256(file));
        Supplier<String> sha256 = () -> join(digest);
        DeliveryFormat format;
        try {
            format = DeliveryFormat.detect(file, fileName);
        } catch (UnreadableFileException e) {
            return refuseFile(Status.UNREADABLE, e.getMessage(), actor, fileName, sha256.get());
        } catch (UnsupportedFormatException e) {
            return refuseFile(Status.UNSUPPORTED, e.getMessage(), actor, fileName, sha256.get());
        }
        ImportOutcome outcome;
        if (format == DeliveryFormat.HOUSEHOLD_CSV) {
            outcome = householdRecords.run(file, fileName, sha256.get(), actor, mode);
        } else {
            outcome = runDelivery(file, fileName, format, sha256, actor, mode);
        }
        LOG.infof("import of %s by %s (%s, %s): %s in %.1f s, counts %s, %d rejected", fileName, actor, format, mode,
                outcome.status(), (System.nanoTime() - started) / 1e9, outcome.report().counts(),
                outcome.report().rejected().size());
        return outcome;
    }

    private ImportOutcome runDelivery(Path file, String fileName, DeliveryFormat format, Supplier<String> sha256,
            String actor,
            ImportMode mode) throws SQLException {
        Path converted = null;
        try {
            DeliverySource source = switch (format) {
                case GEOPACKAGE -> new GeoPackageSource(file);
                case GEOJSON -> GeoJsonSource.ofFile(file, fileName);
                case GEOJSON_ZIP -> GeoJsonSource.ofZip(file);
                default -> {
                    converted = Files.createTempDirectory("census-import");
                    Path gpkg = converted.resolve("converted.gpkg");
                    GdalConversion.toGeoPackage(file, format, gpkg);
                    yield new GeoPackageSource(gpkg);
                }
            };
            try (source) {
                LoadRun run = new LoadRun(source, store, new FeatureRules(FeatureRules.Limits.of(settings)), workers,
                        settings, mode);
                return run.load(actor, fileName, sha256);
            }
        } catch (UnreadableFileException e) {
            return refuseFile(Status.UNREADABLE, e.getMessage(), actor, fileName, sha256.get());
        } catch (UnsupportedFormatException e) {
            return refuseFile(Status.UNSUPPORTED, e.getMessage(), actor, fileName, sha256.get());
        } catch (IOException e) {
            return refuseFile(Status.UNREADABLE, "cannot read the delivery: " + e.getMessage(), actor, fileName,
                    sha256.get());
        } finally {
            deleteTree(converted);
        }
    }

    private ImportOutcome refuseFile(Status status, String reason, String actor, String fileName, String sha256)
            throws SQLException {
        ImportReport report = ImportReport.refusedFile(reason);
        long id = store.recordRefusal(actor, fileName, sha256, null, json(report));
        return new ImportOutcome(status, report.withImportId(id));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report cannot be written as JSON", e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String join(Future<String> digest) {
        try {
            return digest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing the file", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not remove the temporary folder %s: %s", dir, e.getMessage());
        }
    }
}
