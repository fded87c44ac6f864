package cn.jining.census.delineate;

import static cn.jining.census.delineate.EditFixture.ADMIN;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Many planners editing neighbouring subareas of one area at the same moment: every edit either
 * commits or is answered 409 (made on a state that changed) or 422 (would break a rule), and what
 * commits leaves the area tiled — checked in PostGIS.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditConcurrencyIT {

    /** 崇文社区: some seventy subareas of high-rise estates, side by side. */
    private static final String AREA = "370871002007";
    private static final int CLIENTS = 12;

    @Inject
    DataSource dataSource;

    @Test
    void neighboursEditedAtOnceNeverCommitAnOverlapOrAGap() throws Exception {
        EditFixture db = new EditFixture(dataSource);
        EditFixture.accept(AREA);
        Map<String, Long> seen = db.versions(AREA);
        List<List<String>> pairs = db.adjacentPairs(AREA);
        assertTrue(pairs.size() >= CLIENTS, "enough neighbouring pairs: " + pairs.size());
        long logBefore = Long.parseLong(db.value("SELECT count(*) FROM edit_log WHERE entity_key = ?", AREA));

        // pairs share subareas (a chain of neighbours), so some merges must lose to others
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (List<String> pair : pairs.subList(0, CLIENTS)) {
            answers.add(clients.submit(() -> {
                start.await();
                return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                        .body(Map.of("with", pair.get(1), "reason", "并发合并",
                                "versions", Map.of(pair.get(0), seen.get(pair.get(0)), pair.get(1), seen.get(pair.get(1)))))
                        .when().post("/api/v1/subareas/" + pair.get(0) + "/merge").then().extract().statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : answers) {
            statuses.add(f.get());
        }
        clients.shutdown();
        System.out.println("concurrent merges answered " + statuses);

        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 409 || s == 422), statuses.toString());
        assertTrue(statuses.contains(200), "some edit commits");
        assertTrue(statuses.contains(409), "pairs sharing a subarea cannot all commit");
        assertEquals(List.of(), db.tilingProblems(AREA));
        long committed = statuses.stream().filter(s -> s == 200).count();
        assertEquals(logBefore + committed, Long.parseLong(db.value("SELECT count(*) FROM edit_log WHERE entity_key = ?", AREA)),
                "one log row per committed edit");
    }

    @Test
    void fourPlannersEditingAtOnceGetAnswersQuickly() throws Exception {
        // measured, not asserted: the figure goes to docs/BENCHMARKS.md
        String[] areas = { "370871003210", "370871004232", "370871003231", "370871004217" };
        EditFixture db = new EditFixture(dataSource);
        for (String a : areas) {
            EditFixture.accept(a);
        }
        List<Long> millis = Collections.synchronizedList(new ArrayList<>());
        ExecutorService planners = Executors.newFixedThreadPool(areas.length);
        List<Future<?>> done = new ArrayList<>();
        for (String area : areas) {
            done.add(planners.submit(() -> {
                for (int round = 0; round < 10; round++) {
                    List<String> pair = db.adjacentPairs(area).get(0);
                    Map<String, Long> v = db.versions(area);
                    long t0 = System.nanoTime();
                    given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                            .body(Map.of("with", pair.get(1), "versions", Map.of(pair.get(0), v.get(pair.get(0)), pair.get(1), v.get(pair.get(1)))))
                            .when().post("/api/v1/subareas/" + pair.get(0) + "/merge").then().statusCode(200);
                    millis.add((System.nanoTime() - t0) / 1_000_000);
                    t0 = System.nanoTime();
                    given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "基准测试"))
                            .when().post("/api/v1/areas/" + area + "/undo").then().statusCode(200);
                    millis.add((System.nanoTime() - t0) / 1_000_000);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        planners.shutdown();
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("edits with 4 planners at once: %d edits, p50 %d ms, p95 %d ms, max %d ms%n", sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1), sorted.get(sorted.size() - 1));
        for (String a : areas) {
            assertEquals(List.of(), db.tilingProblems(a));
        }
    }

    @AfterAll
    void leaveTheDistrictAsLoaded() throws SQLException {
        new EditFixture(dataSource).forgetSubareas();
    }
}
