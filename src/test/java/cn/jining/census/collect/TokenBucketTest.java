package cn.jining.census.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstIsServedThenTheRateAndTheWaitIsTold() {
        TokenBucket bucket = new TokenBucket(2, 3, 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, bucket.take(0));
        }
        assertEquals(SECOND / 2, bucket.take(0), "one permit comes back after half a second at 2/s");
        assertEquals(0, bucket.take(SECOND / 2));
        assertTrue(bucket.take(SECOND / 2) > 0);
    }

    @Test
    void bucketRefillsNoFurtherThanItsBurst() {
        TokenBucket bucket = new TokenBucket(10, 2, 0);
        assertTrue(bucket.isFullAt(0));
        bucket.take(0);
        assertTrue(bucket.isFullAt(SECOND));
        assertEquals(0, bucket.take(100 * SECOND));
        assertEquals(0, bucket.take(100 * SECOND));
        assertTrue(bucket.take(100 * SECOND) > 0);
    }
}
