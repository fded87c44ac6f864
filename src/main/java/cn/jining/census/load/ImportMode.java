package cn.jining.census.load;

/** What an import does with rejected features. */
public enum ImportMode {
    /** Any rejection refuses the whole import; the database stays unchanged (the default). */
    ALL_OR_NOTHING,
    /** Accepted features are stored and rejected ones reported. */
    PARTIAL;

    /** The mode named by the API's {@code mode} parameter: {@code partial}, else all-or-nothing. */
    public static ImportMode of(String name) {
        return "partial".equalsIgnoreCase(name) ? PARTIAL : ALL_OR_NOTHING;
    }
}
