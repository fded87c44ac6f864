package cn.jining.census.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LonLatBoxTest {

    @Test
    void parsesFourNumbersWithSpaces() {
        assertArrayEquals(new double[] { 116.55, 35.35, 116.75, 35.5 },
                LonLatBox.parse("116.55, 35.35,116.75 ,35.5").toArray());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "116,35,117        | expected four numbers minLon,minLat,maxLon,maxLat, got 3 values",
            "116               | expected four numbers minLon,minLat,maxLon,maxLat, got 1 value",
            "116,35,117,36,    | expected four numbers minLon,minLat,maxLon,maxLat, got 5 values",
            "116,,117,36       | '' is not a number",
            "116,35,Infinity,36 | 'Infinity' is not a finite number",
            "116,35,116,36     | minLon must be less than maxLon",
            "116,35,117,35     | minLat must be less than maxLat",
            "-181,35,117,36    | longitudes must lie in [-180, 180] and latitudes in [-90, 90]",
            "116,35,117,91     | longitudes must lie in [-180, 180] and latitudes in [-90, 90]" })
    void malformedTextIsRefusedSayingWhy(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> LonLatBox.parse(text)).getMessage());
    }

    @Test
    void theWorldIsCutToWhereEpsg4548IsUsable() {
        LonLatBox world = new LonLatBox(-180, -90, 180, 90);
        assertEquals(LonLatBox.EPSG_4548_USABLE, world.intersection(LonLatBox.EPSG_4548_USABLE).orElseThrow());
    }

    @Test
    void boxesThatOnlyTouchDoNotIntersect() {
        LonLatBox west = new LonLatBox(110, 30, 111, 31);
        assertTrue(west.intersection(LonLatBox.EPSG_4548_USABLE).isEmpty());
        LonLatBox paris = new LonLatBox(2.2, 48.8, 2.5, 48.9);
        assertTrue(paris.intersection(LonLatBox.EPSG_4548_USABLE).isEmpty());
    }
}
