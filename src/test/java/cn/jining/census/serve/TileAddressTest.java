package cn.jining.census.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TileAddressTest {

    /** The latitude where Web Mercator's square world ends. */
    private static final double MAX_LAT = 85.0511287798;

    @ParameterizedTest
    @CsvSource({
            // z, x, y,       west,        south,     east,        north
            "0, 0, 0,     -180,        -85.0511288, 180,         85.0511288",
            "1, 1, 0,      0,           0,          180,         85.0511288",
            "1, 0, 1,     -180,        -85.0511288, 0,           0",
            // the tile holding Jining at zoom 14, as PostGIS gives ST_Transform(ST_TileEnvelope(14, 13500, 6466), 4326)
            "14, 13500, 6466, 116.630859375, 35.4069609, 116.6528320, 35.4248679" })
    void tileBoundsInDegrees(int z, int x, int y, double west, double south, double east, double north) {
        assertArrayEquals(new double[] { west, south, east, north },
                new TileAddress(z, x, y).lonLatBounds(0).toArray(), 1e-7);
    }

    @Test
    void bufferGrowsTheTileButNotBeyondTheWorld() {
        LonLatBox grown = new TileAddress(1, 0, 0).lonLatBounds(0.25);
        assertEquals(-180, grown.west());
        assertEquals(45, grown.east(), 1e-9, "a quarter tile is 45° at zoom 1");
        assertEquals(MAX_LAT, grown.north(), 1e-9);
        // PostGIS: ST_YMin(ST_Transform(ST_TileEnvelope(1, 0, 0, margin => 0.25), 4326))
        assertEquals(-40.9798981, grown.south(), 1e-7, "a quarter tile below the equator");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "23 | 0     | 0  | zoom z must be an integer from 0 to 22, got 23",
            "-1 | 0     | 0  | zoom z must be an integer from 0 to 22, got -1",
            "3  | 8     | 0  | column x must be from 0 to 7 at zoom 3, got 8",
            "3  | 0     | 8  | row y must be from 0 to 7 at zoom 3, got 8",
            "3  | 1.5   | 0  | column x must be an integer, got '1.5'",
            "3  | 0     | ff | row y must be an integer, got 'ff'" })
    void impossibleAddressesAreRefusedNamingTheCoordinate(String z, String x, String y, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> TileAddress.parse(z, x, y)).getMessage());
    }
}
