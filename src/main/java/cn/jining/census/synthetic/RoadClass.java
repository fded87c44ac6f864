package cn.jining.census.synthetic;

/**
 * Road classes of the delivery schema with the corridor widths the generator assumes. A road
 * is delivered as a centreline; its footprint is the centreline buffered by half the width.
 * Buildings keep a further margin (green belt, pavement, rail safety strip) beyond it.
 */
enum RoadClass {
    MAIN("主干路", 40, 12),
    SECONDARY("次干路", 30, 10),
    BRANCH("支路", 16, 6),
    RURAL("乡村道路", 6, 4),
    RAIL("铁路", 20, 25);

    /** The class as the delivery's {@code road.class} column spells it. */
    final String label;
    /** Corridor width, metres. */
    final double width;
    /** Distance kept free beyond the corridor, metres. */
    final double margin;

    RoadClass(String label, double width, double margin) {
        this.label = label;
        this.width = width;
        this.margin = margin;
    }

    double halfWidth() {
        return width / 2;
    }

    /** How far a building stays from the centreline, metres. */
    double clearance() {
        return width / 2 + margin;
    }
}
