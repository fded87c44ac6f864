package cn.jining.census.collect;

/**
 * A token bucket: holds up to {@code burst} permits, refilled at {@code ratePerSecond}; each
 * request takes one. Thread-safe.
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double permits;
    private long lastNanos;

    TokenBucket(double ratePerSecond, int burst, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.permits = burst;
        this.lastNanos = nowNanos;
    }

    /**
     * Takes one permit if there is one.
     *
     * @return 0 when taken, else the nanoseconds until one will be there
     */
    synchronized long take(long nowNanos) {
        permits = Math.min(burst, permits + (nowNanos - lastNanos) * ratePerNano);
        lastNanos = nowNanos;
        if (permits >= 1) {
            permits -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - permits) / ratePerNano);
    }

    /** True when the bucket is full again at {@code nowNanos}: forgetting it changes nothing. */
    synchronized boolean isFullAt(long nowNanos) {
        return permits + (nowNanos - lastNanos) * ratePerNano >= burst;
    }
}
