package cn.jining.census.synthetic;

/**
 * What occupies one lattice cell (a block between roads): decides the buildings drawn in it and
 * the land-use class (三调 code) of what is left between its roads.
 */
enum CellUse {
    /** Residential high-rises, 11–33 floors. */
    HOUSING("0701", "城镇住宅用地", true),
    /** Six-storey walk-up blocks of the 1990s (老旧小区). */
    OLD_HOUSING("0701", "城镇住宅用地", true),
    /** An urban village (城中村): three-storey houses let to several households. */
    URBAN_VILLAGE("0702", "农村宅基地", true),
    COMMERCE("05H1", "商业服务业设施用地", true),
    PUBLIC_SERVICE("08H2", "科教文卫用地", true),
    PARK("0810", "公园与绿地", true),
    INDUSTRY("0601", "工业用地", true),
    LOGISTICS("0508", "物流仓储用地", true),
    /** A village settlement (houses of one household) among fields. */
    VILLAGE("0103", "旱地", false),
    /** A resettlement compound (安置小区) of six-storey blocks among fields. */
    RESETTLEMENT("0103", "旱地", false),
    FARMLAND("0103", "旱地", false);

    /** Land-use class of the block (for VILLAGE/RESETTLEMENT: of the fields around the settlement). */
    final String dlbm;
    final String dlmc;
    /** Whether the cell is built-up town land, which makes its lanes 支路 rather than 乡村道路. */
    final boolean urban;

    CellUse(String dlbm, String dlmc, boolean urban) {
        this.dlbm = dlbm;
        this.dlmc = dlmc;
        this.urban = urban;
    }

    boolean residential() {
        return this == HOUSING || this == OLD_HOUSING || this == URBAN_VILLAGE || this == VILLAGE || this == RESETTLEMENT;
    }
}
