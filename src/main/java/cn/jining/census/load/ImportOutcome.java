package cn.jining.census.load;

/**
 * The result of an import attempt: what happened and the report to answer.
 *
 * @param status how the attempt ended, with its HTTP status
 */
public record ImportOutcome(Status status, ImportReport report) {

    /** How an import attempt ended. */
    public enum Status {
        /** Stored (HTTP 200). */
        ACCEPTED(200),
        /** Read but refused for rejected features; nothing changed (HTTP 422). */
        REFUSED(422),
        /** A known format that could not be read (HTTP 400). */
        UNREADABLE(400),
        /** No format the service reads, or a tool it needs is missing (HTTP 415). */
        UNSUPPORTED(415);

        public final int httpStatus;

        Status(int httpStatus) {
            this.httpStatus = httpStatus;
        }
    }
}
