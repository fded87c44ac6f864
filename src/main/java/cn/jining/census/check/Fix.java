package cn.jining.census.check;

import java.util.List;

import org.locationtech.jts.geom.Geometry;

/**
 * A mechanical repair of an issue: edits of unit geometries a planner applies in one action.
 * Edits name the piece to move, not the result, so a fix stays applicable after unrelated edits
 * of the same units; {@link FixApplier} carries each edit down to the descendants of its target
 * so that every level still tiles afterwards.
 *
 * @param action      what the fix does: {@code give_gap}, {@code cut_overlap}, {@code clip_to_parent},
 *                    {@code move_building_part}, {@code move_part}, {@code snap_children},
 *                    {@code make_valid}
 * @param description the fix in words for the supervisor (Chinese)
 * @param edits       the edits, applied in order
 */
public record Fix(String action, String description, List<Edit> edits) {

    /** How an edit changes its target's geometry. */
    public enum Op {
        /** Target becomes target ∪ piece; a child of the target receives whatever none of its children covers yet. */
        UNION,
        /** Target and every descendant lose the piece. */
        DIFFERENCE,
        /**
         * The target's children (and theirs, down the hierarchy) are snapped within the vertex
         * tolerance onto the target's boundary and onto each other; the target itself stays.
         * The piece is the extent the snap may change.
         */
        SNAP_CHILDREN,
        /** The target's geometry is repaired (JTS GeometryFixer); the piece is unused. */
        MAKE_VALID;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One edit.
     *
     * @param code     the unit changed
     * @param op       how
     * @param geometry the piece, EPSG:4548
     */
    public record Edit(String code, Op op, Geometry geometry) {
    }

    public Fix {
        edits = List.copyOf(edits);
    }
}
