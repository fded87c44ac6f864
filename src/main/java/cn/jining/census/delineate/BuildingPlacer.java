package cn.jining.census.delineate;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Puts each building in the block holding most of its footprint.
 *
 * <p>A building whose footprint does not lie in one block is <em>cut</em>: a road or a river
 * outline runs through it, or it reaches out of its census area, which on the ground means the
 * linework or the footprint is wrong. It is placed all the same and reported, with the share of its
 * footprint in the block that got it.
 * A building outside every block (its area was chosen by the caller) goes to the nearest block
 * and is reported with share 0.
 */
public final class BuildingPlacer {

    /** Footprint shares below this are noise of the 1 mm grid, not a cut. */
    private static final double NEGLIGIBLE_SHARE = 0.001;

    /**
     * A building that does not lie inside one block.
     *
     * @param share the part of its footprint inside {@code block}, 0..1
     */
    public record CutBuilding(String bid, int block, double share) {
    }

    /**
     * Where each building went.
     *
     * @param blockOf block id per building, aligned with the input list
     */
    public record Placement(int[] blockOf, List<CutBuilding> cut) {
    }

    private BuildingPlacer() {
    }

    /** Places {@code buildings} (footprints in the blocks' CRS) in {@code blocks}. */
    public static Placement place(List<Block> blocks, List<AreaInput.Building> buildings) {
        STRtree index = new STRtree();
        List<PreparedGeometry> prepared = new ArrayList<>(blocks.size());
        for (Block b : blocks) {
            prepared.add(PreparedGeometryFactory.prepare(b.polygon()));
            index.insert(b.polygon().getEnvelopeInternal(), b.id());
        }
        int[] blockOf = new int[buildings.size()];
        List<CutBuilding> cut = new ArrayList<>();
        for (int i = 0; i < buildings.size(); i++) {
            AreaInput.Building building = buildings.get(i);
            Geometry footprint = building.geometry();
            @SuppressWarnings("unchecked")
            List<Integer> candidates = index.query(footprint.getEnvelopeInternal());
            int best = -1;
            double bestArea = 0;
            double total = footprint.getArea();
            int holding = 0;
            for (int id : candidates) {
                PreparedGeometry p = prepared.get(id);
                if (p.covers(footprint)) {
                    best = id;
                    bestArea = total;
                    holding = 1;
                    break;
                }
                if (!p.intersects(footprint)) {
                    continue;
                }
                double inside = OverlayNGRobust.overlay(footprint, blocks.get(id).polygon(), OverlayNG.INTERSECTION)
                        .getArea();
                if (inside > NEGLIGIBLE_SHARE * total) {
                    holding++;
                }
                if (inside > bestArea) {
                    bestArea = inside;
                    best = id;
                }
            }
            if (best < 0) {
                best = nearest(blocks, footprint);
                cut.add(new CutBuilding(building.bid(), best, 0));
            } else if (holding > 1 || bestArea < (1 - NEGLIGIBLE_SHARE) * total) {
                cut.add(new CutBuilding(building.bid(), best, total == 0 ? 1 : bestArea / total));
            }
            blockOf[i] = best;
        }
        return new Placement(blockOf, List.copyOf(cut));
    }

    private static int nearest(List<Block> blocks, Geometry footprint) {
        int best = 0;
        double distance = Double.POSITIVE_INFINITY;
        for (Block b : blocks) {
            double d = b.polygon().distance(footprint);
            if (d < distance) {
                distance = d;
                best = b.id();
            }
        }
        return best;
    }
}
