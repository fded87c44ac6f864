package cn.jining.census.synthetic;

import java.util.SplittableRandom;

/**
 * Independent, reproducible random streams derived from one seed and a key path, so that what
 * is drawn for one cell does not depend on how many numbers other cells drew before it (the
 * city-scale generator streams cells, the district generator revisits them).
 */
final class RandomStreams {

    private RandomStreams() {
    }

    /** The stream for {@code seed} and the key path {@code keys} (e.g. purpose, cell index). */
    static SplittableRandom of(long seed, long... keys) {
        long h = mix(seed ^ 0x5DEECE66DL);
        for (long key : keys) {
            h = mix(h ^ (key + 0x9E3779B97F4A7C15L));
        }
        return new SplittableRandom(h);
    }

    /** SplitMix64 finaliser: a bijective scrambling of 64 bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform double in [{@code low}, {@code high}). */
    static double between(SplittableRandom random, double low, double high) {
        return low + random.nextDouble() * (high - low);
    }
}
