package cn.jining.census.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PublishedLayerTest {

    @Test
    void layersAreNamedAsTheTileUrls() {
        assertEquals(List.of("streets", "areas", "subareas", "buildings", "roads", "water", "landuse", "issues",
                "assignments", "progress"), Arrays.stream(PublishedLayer.values()).map(PublishedLayer::id).toList());
        assertEquals(PublishedLayer.WATER, PublishedLayer.named("water").orElseThrow());
        assertTrue(PublishedLayer.named("building").isEmpty(), "singular names belong to /api/v1/layers");
    }

    @Test
    void everyLayerHasOneSchemaThatFitsAShapefile() {
        for (PublishedLayer layer : PublishedLayer.values()) {
            Set<String> names = new HashSet<>();
            for (LayerField field : layer.fields()) {
                assertTrue(field.name().length() <= 10, layer.id() + "." + field.name());
                assertTrue(names.add(field.name().toLowerCase()), layer.id() + " repeats " + field.name());
                assertTrue(!field.name().equals("fid") && !field.name().equals("geom"),
                        layer.id() + " uses a column name the GeoPackage export keeps for itself");
            }
        }
    }

    @Test
    void aFieldNameLongerThanADbaseColumnIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LayerField.text("street_code", "t.street_code"));
    }
}
