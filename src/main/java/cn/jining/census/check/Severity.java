package cn.jining.census.check;

/** How urgent an issue is, from the supervisor's point of view. */
public enum Severity {
    /** Breaks 不重不漏 or a hard limit: registration cannot start while it stands. */
    ERROR,
    /** Against a rule that may have a good reason (a subarea outside the household band). */
    WARNING,
    /** Worth knowing, not wrong (an enclave of a census area). */
    INFO;

    /** The name used in JSON and the database: lower case. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
