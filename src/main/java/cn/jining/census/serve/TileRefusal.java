package cn.jining.census.serve;

/**
 * A tile the service will not answer although its address is good: over a cap (422) or past the
 * statement timeout (503). The message names the tile and the setting, for the caller to read.
 */
public class TileRefusal extends RuntimeException {

    private final int status;

    public TileRefusal(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status to answer. */
    public int status() {
        return status;
    }
}
