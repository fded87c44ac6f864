package cn.jining.census.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * What the tile triggers announce on {@value TileChange#CHANNEL}: the distinct boxes of a
 * statement's rows when it changed at most 40, one box around them all when it changed more (an
 * import's COPY of thousands of buildings).
 */
@QuarkusTest
class TileChangeNotificationIT {

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @BeforeEach
    void insertFixture() throws Exception {
        ServeFixture.insert(dataSource);
    }

    @AfterEach
    void removeFixture() throws Exception {
        ServeFixture.remove(dataSource);
    }

    @Test
    void aStatementOfManyRowsAnnouncesOneBoxAroundThemAndOfFewRowsEachBox() throws Exception {
        List<TileChange> heard = new ArrayList<>();
        try (Connection listening = dataSource.getConnection(); Statement listen = listening.createStatement()) {
            listen.execute("LISTEN " + TileChange.CHANNEL);
            // 50 squares of 20 m in a row from x 520000 to 520980, then 2 more far to the east
            ServeFixture.execute(dataSource, """
                    INSERT INTO building (bid, street_code, area_code, floors, use, households_estimate, geom)
                    SELECT 'N-' || i, '370999001', '370999001001', 1, '住宅', 1,
                           ST_Multi(ST_MakeEnvelope(520000 + 20 * i, 3900000, 520000 + 20 * i + 10, 3900010, 4548))
                      FROM generate_series(0, 49) AS i
                    """);
            ServeFixture.execute(dataSource, """
                    INSERT INTO building (bid, street_code, area_code, floors, use, households_estimate, geom)
                    SELECT 'N-far-' || i, '370999002', '370999002001', 1, '住宅', 1,
                           ST_Multi(ST_MakeEnvelope(523000 + 500 * i, 3901000, 523010 + 500 * i, 3901010, 4548))
                      FROM generate_series(0, 1) AS i
                    """);
            long until = System.currentTimeMillis() + 5_000;
            while (heard.size() < 2 && System.currentTimeMillis() < until) {
                listen.execute("SELECT 1"); // notifications arrive with the next answer
                PGNotification[] arrived = listening.unwrap(PGConnection.class).getNotifications(100);
                for (PGNotification n : arrived == null ? new PGNotification[0] : arrived) {
                    TileChange change = TileChange.parse(json, n.getParameter());
                    if (change.table().equals("building")) {
                        heard.add(change);
                    }
                }
            }
        } finally {
            ServeFixture.execute(dataSource, "DELETE FROM building WHERE bid LIKE 'N-%'");
        }
        assertEquals(2, heard.size(), heard::toString);
        TileChange many = heard.get(0);
        assertFalse(many.everywhere());
        assertEquals(1, many.boxes().size(), "one box for 50 rows: " + many);
        double[] west = ServeFixture.toLonLat(dataSource, 520000, 3900000);
        double[] east = ServeFixture.toLonLat(dataSource, 520990, 3900010);
        LonLatBox around = many.boxes().get(0);
        assertEquals(west[0], around.west(), 1e-5);
        assertEquals(east[0], around.east(), 1e-5);
        assertTrue(around.north() - around.south() < 0.001, "the row's height, not more: " + around);
        assertEquals(2, heard.get(1).boxes().size(), "each of 2 rows: " + heard.get(1));
    }
}
