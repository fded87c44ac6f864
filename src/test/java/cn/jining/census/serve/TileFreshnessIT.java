package cn.jining.census.serve;

import static cn.jining.census.serve.ServeFixture.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Tiles stay fresh after committed edits: the fixture's subarea 370999001001001 (x 520000–520500)
 * is redrawn by a committed UPDATE, as every edit path ends, and the tiles are watched.
 */
@QuarkusTest
class TileFreshnessIT {

    /** Generous bound on how long a committed change may take to reach the cache; a failure, never a measurement. */
    private static final long PATIENCE_MILLIS = 15_000;

    @Inject
    DataSource dataSource;

    @Inject
    TileCache cache;

    @Inject
    TileSets sets;

    @TestHTTPResource("/tiles/events")
    URI events;

    @BeforeEach
    void insertFixture() throws Exception {
        ServeFixture.insert(dataSource);
    }

    @AfterEach
    void removeFixture() throws Exception {
        ServeFixture.remove(dataSource);
    }

    private int[] tileAt(int z, double x, double y) throws Exception {
        return ServeFixture.tileAt(z, ServeFixture.toLonLat(dataSource, x, y));
    }

    private static String path(String layer, int[] zxy, String format) {
        return "/tiles/" + layer + "/" + zxy[0] + "/" + zxy[1] + "/" + zxy[2] + "." + format;
    }

    private static Response get(String path) {
        return given().auth().oauth2(ADMIN_TOKEN).get(path);
    }

    /** Subarea 001 loses its western 100 m, committed at once. */
    private void redrawSubarea001() throws Exception {
        ServeFixture.execute(dataSource, """
                UPDATE subarea
                   SET geom = ST_GeomFromText('MULTIPOLYGON(((520100 3900000, 520500 3900000, 520500 3902000,
                                                              520100 3902000, 520100 3900000)))', 4548),
                       version = version + 1
                 WHERE code = '370999001001001'
                """);
    }

    /** Asks for the tile with its old ETag until the answer is new; fails after {@link #PATIENCE_MILLIS}. */
    private static Response changed(String path, String oldEtag) throws InterruptedException {
        long until = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (System.currentTimeMillis() < until) {
            Response r = given().auth().oauth2(ADMIN_TOKEN).header("If-None-Match", oldEtag).get(path);
            if (r.statusCode() != 304) {
                return r;
            }
            Thread.sleep(50);
        }
        return fail(path + " still answers 304 to ETag " + oldEtag + " after the edit committed");
    }

    @Test
    void tileCarriesAnEtagAndAnswers304WhileUnchanged() throws Exception {
        String path = path("subareas", tileAt(16, 520250, 3901000), "mvt");
        Response first = get(path);
        first.then().statusCode(200).header("Cache-Control", equalTo(TileResource.CACHE_CONTROL));
        String etag = first.header("ETag");
        assertNotNull(etag);
        given().auth().oauth2(ADMIN_TOKEN).header("If-None-Match", etag).get(path)
                .then().statusCode(304).header("ETag", equalTo(etag));
        given().auth().oauth2(ADMIN_TOKEN).header("If-None-Match", "\"something-else\"").get(path)
                .then().statusCode(200).header("ETag", equalTo(etag));
    }

    @Test
    void editChangesTheTilesItTouchedAtEveryZoomAndLeavesTheOthersCached() throws Exception {
        int[] touched16 = tileAt(16, 520250, 3901000);
        int[] touched13 = tileAt(13, 520250, 3901000);
        int[] untouched = tileAt(17, 520900, 3901000); // inside subarea 002 only, 400 m east of the edit
        String[] touchedPaths = { path("subareas", touched16, "mvt"), path("subareas", touched13, "mvt"),
                path("subareas", touched16, "png") };
        String untouchedPath = path("subareas", untouched, "mvt");
        String[] etags = new String[touchedPaths.length];
        byte[][] before = new byte[touchedPaths.length][];
        for (int i = 0; i < touchedPaths.length; i++) {
            Response r = get(touchedPaths[i]);
            r.then().statusCode(200);
            etags[i] = r.header("ETag");
            before[i] = r.asByteArray();
        }
        Response untouchedBefore = get(untouchedPath);
        untouchedBefore.then().statusCode(200);
        TileAddress untouchedAddress = new TileAddress(untouched[0], untouched[1], untouched[2]);
        TileSet subareaTiles = sets.vector(TileLayer.SUBAREAS);
        assertTrue(cache.holds(subareaTiles, TileScope.EVERYTHING, untouchedAddress), "the untouched tile is cached before the edit");

        redrawSubarea001();

        for (int i = 0; i < touchedPaths.length; i++) {
            Response after = changed(touchedPaths[i], etags[i]);
            after.then().statusCode(200);
            assertNotEquals(etags[i], after.header("ETag"), touchedPaths[i]);
            assertFalse(java.util.Arrays.equals(before[i], after.asByteArray()), touchedPaths[i] + " has new content");
        }
        assertTrue(cache.holds(subareaTiles, TileScope.EVERYTHING, untouchedAddress), "the edit did not drop the tile it did not touch");
        Response untouchedAfter = get(untouchedPath);
        assertEquals(untouchedBefore.header("ETag"), untouchedAfter.header("ETag"));
        assertArrayEquals(untouchedBefore.asByteArray(), untouchedAfter.asByteArray());
    }

    @Test
    void openMapsAreToldWhichTilesAnEditTouched() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(events).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Accept", "text/event-stream").build();
        var stream = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        Stream<String> body = stream.get(PATIENCE_MILLIS, TimeUnit.MILLISECONDS).body();
        Thread reader = new Thread(() -> {
            try {
                body.forEach(lines::add);
            } catch (java.io.UncheckedIOException closed) {
                // the test closed the stream when done
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            awaitEvent(lines, "ready");
            redrawSubarea001();
            String data = awaitDataOf(lines, "tiles", "subarea");
            assertTrue(data.contains("\"subareas.mvt\""), data);
            assertTrue(data.contains("\"subareas.png\""), data);
            assertTrue(data.contains("\"everywhere\":false"), data);
            double[] west = ServeFixture.toLonLat(dataSource, 520000, 3900000);
            assertTrue(data.contains("[" + String.valueOf(west[0]).substring(0, 7)), "the box starts at the old west edge: " + data);
        } finally {
            body.close();
        }
    }

    @Test
    void afterLosingItsDatabaseConnectionTheListenerReconnectsAndTilesStayFresh() throws Exception {
        String path = path("subareas", tileAt(16, 520250, 3901000), "mvt");
        String etag = get(path).header("ETag");
        long lost = listener();
        assertTrue(lost > 0, "the service listens for tile changes");
        ServeFixture.execute(dataSource, "SELECT pg_terminate_backend(" + lost + ")");
        long until = System.currentTimeMillis() + PATIENCE_MILLIS;
        // one reading per round: the lost backend may leave pg_stat_activity between two readings
        long again = listener();
        while ((again == 0 || again == lost) && System.currentTimeMillis() < until) {
            Thread.sleep(50);
            again = listener();
        }
        assertTrue(again != 0 && again != lost, "the listener connected again");

        redrawSubarea001();

        Response after = changed(path, etag);
        assertNotEquals(etag, after.header("ETag"));
    }

    /** The process id of the listening connection; 0 for none. */
    private long listener() throws Exception {
        return ServeFixture.number(dataSource, """
                SELECT coalesce(max(pid), 0) FROM pg_stat_activity
                 WHERE application_name = '%s' AND datname = current_database() AND query ILIKE 'LISTEN%%'
                """.formatted(TileChangeListener.APPLICATION_NAME));
    }

    /** Waits for an event named {@code name} (the field may be written with or without a space after the colon). */
    private static void awaitEvent(BlockingQueue<String> lines, String name) throws InterruptedException {
        long until = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (System.currentTimeMillis() < until) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith("event:") && line.substring(6).strip().equals(name)) {
                return;
            }
        }
        fail("no '" + name + "' event from /tiles/events");
    }

    /** The data of the next event named {@code name} whose data mentions {@code mentioning}. */
    private static String awaitDataOf(BlockingQueue<String> lines, String name, String mentioning) throws InterruptedException {
        long until = System.currentTimeMillis() + PATIENCE_MILLIS;
        String event = "";
        while (System.currentTimeMillis() < until) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:") && event.equals(name) && line.contains(mentioning)) {
                return line.substring(5).strip();
            }
        }
        return fail("no '" + name + "' event mentioning " + mentioning + " from /tiles/events");
    }
}
