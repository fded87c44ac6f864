/**
 * The only stage whose SQL writes: repositories over PostGIS and the Flyway migrations in
 * {@code resources/db/migration}.
 *
 * <p>Input: validated values from the other stages. Output: rows in EPSG:4548, keyed by
 * statistical codes, each carrying its street code. Vocabulary: a <em>delivery</em> is one import
 * of the natural-resources layers; the <em>edit log</em> is the append-only record of who changed
 * what, when, why, before and after.
 */
package cn.jining.census.store;
