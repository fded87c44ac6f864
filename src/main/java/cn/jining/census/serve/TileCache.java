package cn.jining.census.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Encoded tiles kept in memory, bounded by {@code census.tiles.cache-bytes}, least recently used
 * first out. Each tile carries its ETag, a hash of its bytes, so that a client holding the same
 * bytes is answered 304 whether or not the tile was cached.
 *
 * <p><b>Scopes.</b> A tile is kept per {@link TileScope}: the census-work tile built for one scope
 * set is only ever answered to callers with the same set (admins share one, as every caller does
 * for the base geography), and the ETag of a scoped tile hashes its scopes with its bytes. A
 * change drops every scope's variant of a touched tile.
 *
 * <p><b>Freshness.</b> A committed change drops exactly the cached tiles of the sets reading the
 * changed table whose area (with the set's margin) touches the old or new geometry, at every
 * zoom ({@link #drop}). A tile being built while a change arrives may hold the old state, so it
 * is answered but not kept (a generation count tells). The cache only keeps tiles while the
 * change listener is connected ({@link #listening}): without it, edits made through another
 * service instance would go unnoticed, so tiles are then built for every request.
 */
@ApplicationScoped
public class TileCache {

    /** A tile and its ETag (quoted, as sent). */
    public record Cached(byte[] bytes, String etag) {

        /**
         * Whether a client's {@code If-None-Match} (null when absent) names this tile: {@code *} or a
         * list of ETags, weak ones compared by their opaque part (RFC 9110 weak comparison).
         */
        public boolean matchedBy(String ifNoneMatch) {
            return ifNoneMatch != null && Arrays.stream(ifNoneMatch.split(","))
                    .map(String::strip)
                    .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                    .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
        }
    }

    /** What builds a tile on a miss. */
    @FunctionalInterface
    public interface Builder {
        byte[] build() throws SQLException;
    }

    private record Key(TileSet set, TileScope scope, TileAddress tile) {
    }

    /** Bookkeeping per entry beyond its bytes: key, arrays, map node. */
    private static final int ENTRY_OVERHEAD = 160;

    private final long capacity;
    private final LinkedHashMap<Key, Cached> entries = new LinkedHashMap<>(4096, 0.75f, true);
    private long bytes;
    private long generation;
    private boolean listening;

    public TileCache(TileSettings settings) {
        this.capacity = settings.cacheBytes();
    }

    /** The tile as {@code scope} sees it, from the cache, or built now (and kept when nothing changed meanwhile). */
    public Cached tile(TileSet set, TileScope scope, TileAddress tile, Builder builder) throws SQLException {
        Optional<Cached> cached = cached(set, scope, tile);
        if (cached.isPresent()) {
            return cached.get();
        }
        long seen = generation();
        return built(set, scope, tile, seen, builder.build());
    }

    /** The tile as {@code scope} sees it when cached. */
    public synchronized Optional<Cached> cached(TileSet set, TileScope scope, TileAddress tile) {
        return Optional.ofNullable(entries.get(new Key(set, scope, tile)));
    }

    /**
     * The count of changes heard so far: read it after a miss and before building the tile, and
     * give it to {@link #built}, which keeps the tile only when no change came in between.
     */
    public synchronized long generation() {
        return generation;
    }

    /** A tile built from the database after a miss, kept when no change came in since {@code seen}. */
    public Cached built(TileSet set, TileScope scope, TileAddress tile, long seen, byte[] bytes) {
        Cached fresh = new Cached(bytes, etag(scope, bytes));
        synchronized (this) {
            if (listening && generation == seen) {
                keep(new Key(set, scope, tile), fresh);
            }
        }
        return fresh;
    }

    /** Drops the tiles {@code change} touched; answers how many were dropped. */
    public synchronized int drop(TileChange change) {
        generation++;
        int dropped = 0;
        for (Iterator<Map.Entry<Key, Cached>> i = entries.entrySet().iterator(); i.hasNext();) {
            Map.Entry<Key, Cached> e = i.next();
            if (e.getKey().set().touchedBy(change, e.getKey().tile())) {
                bytes -= size(e.getValue());
                i.remove();
                dropped++;
            }
        }
        return dropped;
    }

    /**
     * Whether changes are heard. Either way the cache is emptied: on losing the listener because
     * later changes will not be heard, on regaining it because changes may have been missed.
     */
    public synchronized void listening(boolean heard) {
        generation++;
        entries.clear();
        bytes = 0;
        listening = heard;
    }

    /** Whether a tile as {@code scope} sees it is cached now. */
    synchronized boolean holds(TileSet set, TileScope scope, TileAddress tile) {
        return entries.containsKey(new Key(set, scope, tile));
    }

    private void keep(Key key, Cached tile) {
        long size = size(tile);
        if (size > capacity) {
            return;
        }
        Cached replaced = entries.put(key, tile);
        bytes += size - (replaced == null ? 0 : size(replaced));
        for (Iterator<Cached> eldest = entries.values().iterator(); bytes > capacity && eldest.hasNext();) {
            bytes -= size(eldest.next());
            eldest.remove();
        }
    }

    private static long size(Cached tile) {
        return tile.bytes().length + ENTRY_OVERHEAD;
    }

    /**
     * A strong ETag: the first 128 bits of the SHA-256 of the bytes, preceded for a scoped tile by
     * its scopes (each ended by a zero byte, which no code holds), base64url.
     */
    static String etag(TileScope scope, byte[] bytes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            if (!scope.everything()) {
                for (String prefix : scope.prefixes()) {
                    sha.update(prefix.getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                }
            }
            byte[] digest = sha.digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
