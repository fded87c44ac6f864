package cn.jining.census.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code bin/backup} and {@code bin/restore} on the test database while the service runs on it:
 * the archive is root's alone and carries its SHA-256, the restored copy holds every row of every
 * table, and a damaged archive is refused before any database is made. Needs root, as the
 * scripts do (they act as the {@code postgres} user), and the local PostgreSQL.
 */
@QuarkusTest
class BackupAndRestoreIT {

    private static final String RESTORED = "census_restore_test";

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @TempDir
    Path dir;

    @Test
    void backupRestoresRowForRowIntoANewDatabaseAndADamagedArchiveIsRefused() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the scripts run as root");
        Assumptions.assumeTrue(System.getenv("CENSUS_DB_URL") == null, "the scripts restore into the local PostgreSQL only");
        String database = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        drop(RESTORED);
        try {
            ProcessResult backup = run(Map.of("CENSUS_DB_NAME", database), "bin/backup", dir.toString());
            assertEquals(0, backup.exit(), backup.output());
            Path archive = Path.of(backup.output().lines().reduce((a, b) -> b).orElseThrow().strip());
            assertTrue(Files.isRegularFile(archive), backup.output());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));
            assertTrue(Files.isRegularFile(Path.of(archive + ".sha256")));
            Map<String, Long> before = rowCounts(database);

            ProcessResult restore = run(Map.of(), "bin/restore", archive.toString(), RESTORED);
            assertEquals(0, restore.exit(), restore.output());
            Map<String, Long> restored = rowCounts(RESTORED);
            assertEquals(before.keySet(), restored.keySet());
            // tables the running tests did not write to meanwhile hold exactly the same rows
            for (String table : List.of("street", "area", "building", "road", "water", "landuse", "flyway_schema_history")) {
                assertEquals(before.get(table), restored.get(table), table);
            }
            assertNotEquals(0L, restored.get("building"));
            drop(RESTORED);

            // one byte changed: the digest no longer matches and nothing is restored
            Path damaged = dir.resolve("damaged.dump");
            Files.copy(archive, damaged);
            Files.copy(Path.of(archive + ".sha256"), Path.of(damaged + ".sha256"));
            Files.writeString(Path.of(damaged + ".sha256"), Files.readString(Path.of(damaged + ".sha256"))
                    .replace(archive.getFileName().toString(), damaged.getFileName().toString()));
            byte[] bytes = Files.readAllBytes(damaged);
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(damaged, bytes);
            ProcessResult refused = run(Map.of(), "bin/restore", damaged.toString(), RESTORED);
            assertNotEquals(0, refused.exit(), refused.output());
            assertTrue(refused.output().contains("does not match its SHA-256"), refused.output());
            assertEquals(false, exists(RESTORED));
        } finally {
            drop(RESTORED);
        }
    }

    private record ProcessResult(int exit, String output) {
    }

    private static ProcessResult run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " did not end");
        return new ProcessResult(process.exitValue(), output);
    }

    /** Rows per table of the public schema. */
    private Map<String, Long> rowCounts(String database) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM public.\"" + table + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** The service's own credentials, on another database of the same server. */
    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url.substring(0, url.lastIndexOf('/') + 1) + database, user, password.orElse(""));
    }

    private boolean exists(String database) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + database + "'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private void drop(String database) throws Exception {
        ProcessResult dropped = run(Map.of(), "runuser", "-u", "postgres", "--", "dropdb", "--if-exists", "--force", database);
        assertEquals(0, dropped.exit(), dropped.output());
    }

}
