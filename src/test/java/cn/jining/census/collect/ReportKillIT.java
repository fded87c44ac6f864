package cn.jining.census.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Acknowledged means committed: a separate process storing reports is killed with SIGKILL while
 * batches are in flight, and every report it acknowledged before dying is in the database.
 */
@QuarkusTest
class ReportKillIT {

    @Inject
    DataSource dataSource;

    @Test
    void everyAcknowledgedReportSurvivesAKillMidStream() throws Exception {
        CollectFixture fixture = new CollectFixture(dataSource).load();
        Config config = ConfigProvider.getConfig();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process worker = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                IngestWorker.class.getName(),
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""),
                CollectFixture.SUBAREA_C, "370970002001-C-04", "50")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                acknowledged.add(line.substring("ACK ".length()));
                if (acknowledged.size() == 2_000) {
                    // SIGKILL, sent by kill(1) so that this end of the pipe stays open for what the worker
                    // printed before dying: no shutdown hook, no flush, a batch most likely in flight
                    new ProcessBuilder("kill", "-9", String.valueOf(worker.pid())).start().waitFor();
                }
            }
        } finally {
            worker.destroyForcibly();
            assertTrue(worker.waitFor(60, TimeUnit.SECONDS));
        }
        assertTrue(acknowledged.size() >= 2_000, "acknowledged before the kill: " + acknowledged.size());
        String stored = fixture.value("SELECT count(*) FROM progress_report WHERE report_id = ANY (?)",
                (Object) acknowledged.toArray(String[]::new));
        assertEquals(String.valueOf(acknowledged.size()), stored, "acknowledged reports found after the kill");
    }
}
