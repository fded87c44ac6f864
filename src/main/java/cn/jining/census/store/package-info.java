/**
 * The only stage whose SQL writes: repositories over PostGIS and the Flyway migrations in
 * {@code resources/db/migration}.
 *
 * <p>Input: validated values from the other stages. Output: rows in EPSG:4548, keyed by
 * statistical codes, each carrying its street code. Vocabulary: a <em>delivery</em> is one import
 * of the natural-resources layers; the <em>edit log</em> is the append-only record of who changed
 * what, when, why, before and after.
 *
 * <p>Imports write through {@link cn.jining.census.store.DeliveryWrite}: one transaction per
 * import, holding the import lock, replacing a district's rows layer by layer with binary
 * {@code COPY} (EWKB geometries, see {@link cn.jining.census.store.CopyRow}) and recording the
 * attempt in {@code import_run} and {@code edit_log}; a refused import leaves only its
 * {@code import_run} row. Household records are matched to buildings by
 * {@link cn.jining.census.store.HouseholdRecordStore} in the same way.
 */
package cn.jining.census.store;
