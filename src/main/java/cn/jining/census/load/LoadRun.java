package cn.jining.census.load;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

import cn.jining.census.geo.CrsCheck;
import cn.jining.census.geo.GeometryDefects;
import cn.jining.census.geo.LargestOverlap;
import cn.jining.census.geo.ToEpsg4548;
import cn.jining.census.load.DeliverySource.FeatureCursor;
import cn.jining.census.load.DeliverySource.SourceLayer;
import cn.jining.census.load.FeatureRules.Checked;
import cn.jining.census.load.FeatureRules.LayerContext;
import cn.jining.census.load.ImportOutcome.Status;
import cn.jining.census.model.Layer;
import cn.jining.census.store.DeliveryStore;
import cn.jining.census.store.DeliveryWrite;
import cn.jining.census.store.DeliveryWrite.StoredArea;
import cn.jining.census.store.LayerCopy;

/**
 * One delivery import, start to end, inside one {@link DeliveryWrite} transaction.
 *
 * <p>Order: the street and area layers first (small, held in memory: the district and the
 * streets and areas every other feature is filed under come from them, or from the database
 * when the delivery lacks them), then road, water, landuse and building streamed in batches:
 * a batch is validated on the worker threads while the previous one is copied to the database
 * and the next one read, so memory holds a few batches, not the layer.
 *
 * <p>After the first rejection of an all-or-nothing import no more rows are sent (the
 * transaction will roll back) but validation goes on, so that the report lists every problem.
 */
final class LoadRun {

    private final DeliverySource source;
    private final DeliveryStore store;
    private final FeatureRules rules;
    private final ForkJoinPool workers;
    private final ImportSettings settings;
    private final ImportMode mode;

    private final List<Rejection> rejected = new ArrayList<>();
    private long rejectedTotal;
    /** A rejection that makes the import impossible even in partial mode. */
    private boolean fatal;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private DeliveryWrite write;
    private boolean writing = true;
    /** Row counts per layer of the districts before the import, for the edit log. */
    private Map<String, Long> before = Map.of();
    private final List<Checked> acceptedStreets = new ArrayList<>();
    private final List<Checked> acceptedAreas = new ArrayList<>();
    private FilingIndex streetIndex;
    private FilingIndex areaIndex;
    private Map<String, String> nestedAreas = Map.of();

    LoadRun(DeliverySource source, DeliveryStore store, FeatureRules rules, ForkJoinPool workers,
            ImportSettings settings, ImportMode mode) {
        this.source = source;
        this.store = store;
        this.rules = rules;
        this.workers = workers;
        this.settings = settings;
        this.mode = mode;
    }

    /** @param sha256 the file's digest, asked for only when the import is recorded */
    ImportOutcome load(String actor, String fileName, Supplier<String> sha256) throws IOException, SQLException {
        Map<Layer, SourceLayer> layers = new EnumMap<>(Layer.class);
        for (SourceLayer found : source.layers()) {
            Optional<Layer> layer = Layer.ofTableName(found.name());
            if (layer.isEmpty()) {
                warnings.add("'" + found.name() + "' is not a layer of the delivery schema; ignored");
            } else if (layers.putIfAbsent(layer.get(), found) != null) {
                warnings.add("layer " + layer.get().tableName() + " appears twice; only '"
                        + layers.get(layer.get()).name() + "' was read");
            }
        }
        if (layers.isEmpty()) {
            reject(new Rejection(null, null, "the file holds none of the delivery's layers "
                    + "(street, area, road, water, landuse, building)", null));
            return refuse(actor, fileName, sha256.get(), null);
        }
        Integer declaredSrid = layers.values().stream().map(SourceLayer::declaredSrid).distinct().count() == 1
                ? layers.values().iterator().next().declaredSrid() : null;
        for (Map.Entry<Layer, SourceLayer> e : List.copyOf(layers.entrySet())) {
            SourceLayer l = e.getValue();
            Optional<String> refusal = CrsCheck.refusalOfDeclared(l.declaredSrid());
            if (refusal.isPresent()) {
                String named = l.declaredSrid() > 0 ? "" : " ('" + l.declaredName() + "', no EPSG code)";
                reject(new Rejection(e.getKey().tableName(), null, refusal.get() + named, null));
                layers.remove(e.getKey());
            }
        }

        try (DeliveryWrite w = store.begin(actor, fileName, sha256, declaredSrid)) {
            write = w;
            List<String> districts = loadDivisions(layers);
            if (!districts.isEmpty()) {
                for (Layer layer : List.of(Layer.ROAD, Layer.WATER, Layer.LANDUSE, Layer.BUILDING)) {
                    if (layers.containsKey(layer)) {
                        streamLayer(layer, layers.get(layer), districts);
                    }
                }
            }
            if (districts.isEmpty() || fatal || (rejectedTotal > 0 && mode == ImportMode.ALL_OR_NOTHING)) {
                w.rollback();
                return refuse(actor, fileName, sha256.get(), declaredSrid);
            }
            finish(layers, districts);
            ImportReport report = report(true).withImportId(w.importId());
            w.commit(actor, "delivery", fileName, ImportDelivery.json(report), ImportDelivery.json(before),
                    ImportDelivery.json(w.counts(districts)));
            return new ImportOutcome(Status.ACCEPTED, report);
        }
    }


    /**
     * Validates and stores the street and area layers, and settles the districts (one, unless
     * {@code census.import.multi-district} allows a city's delivery) and the streets and areas
     * the other layers are filed under.
     *
     * @return the districts' 6-digit codes in order, empty when they cannot be told (then rejected)
     */
    private List<String> loadDivisions(Map<Layer, SourceLayer> layers) throws IOException, SQLException {
        List<Checked> streets = layers.containsKey(Layer.STREET) ? collect(Layer.STREET, layers.get(Layer.STREET)) : null;
        List<Checked> areas = layers.containsKey(Layer.AREA) ? collect(Layer.AREA, layers.get(Layer.AREA)) : null;

        List<String> districts = districtsOf(streets != null ? streets : areas);
        if (streets == null && areas == null) {
            String stored = storedDistrictHolding(layers);
            if (stored == null) {
                fatal = true;
                reject(new Rejection(Layer.STREET.tableName(), null, "the delivery has neither street nor area layer, "
                        + "and its first features lie in no stored street: include the street layer", null));
                return List.of();
            }
            districts = List.of(stored);
        }
        if (districts.isEmpty()) {
            reject(new Rejection(streets != null ? Layer.STREET.tableName() : Layer.AREA.tableName(), null,
                    "no feature with a valid code: the district cannot be told", null));
            return districts;
        }
        String district = String.join(", ", districts);
        before = write.counts(districts);

        Map<String, Geometry> streetGeometries = new TreeMap<>();
        if (streets != null) {
            Map<String, Checked> seen = new HashMap<>();
            for (Checked c : streets) {
                if (!c.rejections().isEmpty()) {
                    continue;
                }
                if (!districts.contains(c.key().substring(0, 6))) {
                    reject(c, "street code " + c.key() + " is not in district " + district
                            + " like the delivery's other streets (a delivery holds one district unless "
                            + "census.import.multi-district is set)");
                } else if (seen.containsKey(c.key())) {
                    reject(c, "street code " + c.key() + " is used twice: fid " + seen.get(c.key()).fid() + " and fid " + c.fid());
                } else {
                    seen.put(c.key(), c);
                    accept(c, acceptedStreets);
                    streetGeometries.put(c.key(), c.row().geometry());
                }
            }
        } else {
            streetGeometries.putAll(write.streets(districts));
            if (streetGeometries.isEmpty()) {
                fatal = true;
                reject(new Rejection(Layer.STREET.tableName(), null,
                        "the delivery has no street layer and the database holds no streets of district " + district, null));
            }
        }

        Map<String, Geometry> areaGeometries = new TreeMap<>();
        if (areas != null) {
            Map<String, Checked> seen = new HashMap<>();
            for (Checked c : areas) {
                if (!c.rejections().isEmpty()) {
                    continue;
                }
                String street = c.row().streetCode();
                if (!streetGeometries.containsKey(street)) {
                    reject(c, "street_code " + street + (streets != null ? " is not an accepted street of the delivery"
                            : " is not a stored street of district " + district));
                } else if (seen.containsKey(c.key())) {
                    reject(c, "area code " + c.key() + " is used twice: fid " + seen.get(c.key()).fid() + " and fid " + c.fid());
                } else {
                    seen.put(c.key(), c);
                    accept(c, acceptedAreas);
                    areaGeometries.put(c.key(), c.row().geometry());
                }
            }
        } else {
            Map<String, StoredArea> stored = write.areas(districts);
            if (stored.isEmpty()) {
                fatal = true;
                reject(new Rejection(Layer.AREA.tableName(), null,
                        "the delivery has no area layer and the database holds no census areas of district " + district, null));
            }
            for (StoredArea a : stored.values()) {
                if (streetGeometries.containsKey(a.streetCode())) {
                    areaGeometries.put(a.code(), a.geometry());
                } else {
                    // the stored area would lose its street: the new streets cannot be stored alone
                    fatal = true;
                    reject(Rejection.at(Layer.AREA.tableName(), a.code(), "stored census area belongs to street "
                            + a.streetCode() + ", which the delivery does not have: deliver the area layer too",
                            GeometryDefects.pointOn(a.geometry())));
                }
            }
        }
        streetIndex = new FilingIndex(streetGeometries);
        areaIndex = new FilingIndex(areaGeometries);
        nestedAreas = nestedAreas(streetGeometries, areaGeometries);

        if (streets != null) {
            store(Layer.STREET, acceptedStreets, districts);
        }
        if (areas != null) {
            store(Layer.AREA, acceptedAreas, districts);
        }
        return districts;
    }

    /**
     * The district of a delivery without street and area layers: the one whose stored street
     * holds the first feature that can be placed (read with its layer's coordinate check).
     *
     * @return the 6-digit code, or null when no stored street holds any of the first features
     */
    private String storedDistrictHolding(Map<Layer, SourceLayer> layers) throws IOException, SQLException {
        LargestOverlap stored = new LargestOverlap(write.streetsOfAllDistricts());
        for (Layer layer : List.of(Layer.ROAD, Layer.WATER, Layer.LANDUSE, Layer.BUILDING)) {
            if (!layers.containsKey(layer) || stored.isEmpty()) {
                continue;
            }
            SourceLayer sourceLayer = layers.get(layer);
            try (FeatureCursor cursor = source.features(sourceLayer)) {
                List<SourceFeature> first = readBatch(cursor);
                CrsCheck crs = CrsCheck.forLayer(sourceLayer.declaredSrid(), firstExtent(first));
                ToEpsg4548 transform = new ToEpsg4548(crs.declaredSrid(), crs.axesSwapped());
                for (SourceFeature f : first) {
                    Geometry g = readable(f);
                    if (g != null && crs.check(g.getEnvelopeInternal()).accepted()) {
                        Optional<String> street = stored.keyOf(transform.apply(g));
                        if (street.isPresent()) {
                            return street.get().substring(0, 6);
                        }
                    }
                }
            }
        }
        return null;
    }

    /**
     * The street of each census area that lies wholly inside the street its code names (as
     * areas should), found once so that buildings inside such an area need no street lookup.
     */
    private static Map<String, String> nestedAreas(Map<String, Geometry> streets, Map<String, Geometry> areas) {
        Map<String, PreparedGeometry> prepared = new HashMap<>();
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, Geometry> area : areas.entrySet()) {
            String street = area.getKey().substring(0, 9);
            Geometry streetGeometry = streets.get(street);
            if (streetGeometry != null && prepared.computeIfAbsent(street, k -> PreparedGeometryFactory.prepare(streetGeometry))
                    .covers(area.getValue())) {
                out.put(area.getKey(), street);
            }
        }
        return out;
    }

    /** Replaces the district's rows of an in-memory layer by its accepted features. */
    private void store(Layer layer, List<Checked> accepted, List<String> districts) throws SQLException {
        if (!writing()) {
            return;
        }
        try (LayerCopy copy = write.replace(layer, districts)) {
            for (Checked c : accepted) {
                copy.add(c.encoded());
            }
            copy.finish();
        }
        warnKept(layer, write.completeReplace(layer, districts));
    }

    private void warnKept(Layer layer, int kept) {
        if (kept > 0) {
            warnings.add(kept + " stored " + layer.tableName() + " rows missing from the delivery were kept: "
                    + "census subareas refer to them");
        }
    }

    /**
     * The districts of the well-formed codes: their most common 6-digit prefix (ties to the
     * smallest), or every prefix when {@code census.import.multi-district} is set; empty for none.
     */
    private List<String> districtsOf(List<Checked> checked) {
        if (checked == null) {
            return List.of();
        }
        Map<String, Integer> byPrefix = new TreeMap<>();
        for (Checked c : checked) {
            if (c.rejections().isEmpty()) {
                byPrefix.merge(c.key().substring(0, 6), 1, Integer::sum);
            }
        }
        if (settings.multiDistrict()) {
            return List.copyOf(byPrefix.keySet());
        }
        return byPrefix.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(e -> List.of(e.getKey())).orElse(List.of());
    }

    /** Validates a small layer completely and keeps every outcome. */
    private List<Checked> collect(Layer layer, SourceLayer sourceLayer) throws IOException, SQLException {
        List<Checked> out = new ArrayList<>();
        validate(layer, sourceLayer, first -> context(layer, sourceLayer, first, null, null), c -> {
            if (!c.rejections().isEmpty()) {
                c.rejections().forEach(this::reject);
            }
            out.add(c);
        });
        return out;
    }

    /** Validates a large layer batch by batch, replacing the district's rows as it goes. */
    private void streamLayer(Layer layer, SourceLayer sourceLayer, List<String> districts)
            throws IOException, SQLException {
        Map<String, String> outside = layer == Layer.BUILDING ? write.bidsOutside(districts) : Map.of();
        Map<String, Long> seen = new HashMap<>();
        String keyName = layer == Layer.BUILDING ? "bid" : "fid";
        LayerCopy copy = null;
        if (writing()) {
            copy = write.replace(layer, districts);
        }
        try {
            LayerCopy target = copy;
            validate(layer, sourceLayer, first -> context(layer, sourceLayer, first, streetIndex, areaIndex), c -> {
                if (!c.rejections().isEmpty()) {
                    c.rejections().forEach(this::reject);
                    return;
                }
                String key = layer == Layer.BUILDING ? c.key() : Long.toString(c.fid());
                if (outside.containsKey(key)) {
                    reject(c, "bid " + key + " is already used by a building of street " + outside.get(key)
                            + " in another district; bids are unique across districts");
                    return;
                }
                Long earlier = seen.putIfAbsent(key, c.fid());
                if (earlier != null) {
                    reject(c, keyName + " " + key + " is used twice: fid " + earlier + " and fid " + c.fid());
                    return;
                }
                counts.merge(layer.tableName(), 1L, Long::sum);
                if (target != null && writing()) {
                    target.add(c.encoded());
                }
            });
            if (copy != null) {
                copy.finish();
                if (writing()) {
                    warnKept(layer, write.completeReplace(layer, districts));
                }
            }
        } finally {
            if (copy != null) {
                copy.close();
            }
        }
        counts.putIfAbsent(layer.tableName(), 0L);
    }

    private LayerContext context(Layer layer, SourceLayer sourceLayer, Envelope firstExtent, FilingIndex streets,
            FilingIndex areas) {
        CrsCheck crs = CrsCheck.forLayer(sourceLayer.declaredSrid(), firstExtent);
        if (crs.axesSwapped()) {
            warnings.add("layer " + layer.tableName() + ": EPSG:4490 coordinates are in latitude, longitude order; "
                    + "read as longitude, latitude");
        }
        return new LayerContext(layer, crs, new ToEpsg4548(crs.declaredSrid(), crs.axesSwapped()), streets, areas,
                nestedAreas, write.importId());
    }

    /**
     * Reads a layer in batches and hands each feature's outcome to {@code sink} in file order,
     * validating batch k+1 on the workers while batch k goes to the sink.
     *
     * @param contextOf builds the layer's context from the extent of its first readable feature
     */
    private void validate(Layer layer, SourceLayer sourceLayer, Function<Envelope, LayerContext> contextOf,
            Sink sink) throws IOException, SQLException {
        try (FeatureCursor cursor = source.features(sourceLayer)) {
            List<SourceFeature> batch = readBatch(cursor);
            LayerContext ctx = contextOf.apply(firstExtent(batch));
            Future<List<Checked>> pending = null;
            while (!batch.isEmpty()) {
                List<SourceFeature> features = batch;
                Future<List<Checked>> next = workers.submit(
                        () -> features.parallelStream().map(f -> rules.check(f, ctx)).toList());
                if (pending != null) {
                    for (Checked c : join(pending)) {
                        sink.accept(c);
                    }
                }
                pending = next;
                batch = readBatch(cursor);
            }
            if (pending != null) {
                for (Checked c : join(pending)) {
                    sink.accept(c);
                }
            }
        }
        counts.putIfAbsent(layer.tableName(), 0L);
    }

    /** Receives validated features in file order. */
    @FunctionalInterface
    private interface Sink {
        void accept(Checked checked) throws SQLException;
    }

    private List<SourceFeature> readBatch(FeatureCursor cursor) throws IOException {
        List<SourceFeature> batch = new ArrayList<>(settings.batchSize());
        SourceFeature f;
        while (batch.size() < settings.batchSize() && (f = cursor.next()) != null) {
            batch.add(f);
        }
        return batch;
    }

    /** The extent of the first feature with a readable, finite, non-empty geometry; null for none. */
    private static Envelope firstExtent(List<SourceFeature> batch) {
        for (SourceFeature f : batch) {
            Geometry g = readable(f);
            if (g != null) {
                return g.getEnvelopeInternal();
            }
        }
        return null;
    }

    /** The feature's geometry when it is readable, finite and not empty, else null. */
    private static Geometry readable(SourceFeature f) {
        try {
            Geometry g = f.geometry();
            return g != null && !g.isEmpty() && GeometryDefects.nonFinite(g).isEmpty() ? g : null;
        } catch (ParseException | RuntimeException e) {
            // an unreadable feature is reported by validation
            return null;
        }
    }

    private static List<Checked> join(Future<List<Checked>> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("validation interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Keeps and counts an in-memory layer's feature that passed every check. */
    private void accept(Checked c, List<Checked> accepted) {
        accepted.add(c);
        counts.merge(c.row().layer().tableName(), 1L, Long::sum);
    }

    /** Rejects a feature that passed its own checks but fails against the others. */
    private void reject(Checked c, String reason) {
        reject(Rejection.at(c.row().layer().tableName(), c.id(), reason, c.location()));
    }

    private void reject(Rejection r) {
        rejectedTotal++;
        if (rejected.size() < settings.maxReportedRejections()) {
            rejected.add(r);
        }
    }

    /** True while rows should be sent: always in partial mode, until the first rejection otherwise. */
    private boolean writing() {
        if (mode == ImportMode.ALL_OR_NOTHING && rejectedTotal > 0) {
            writing = false;
        }
        return writing;
    }

    /** Re-files dependent rows, restores household records and saves the districts' outlines. */
    private void finish(Map<Layer, SourceLayer> layers, List<String> districts) throws SQLException {
        boolean divisionsChanged = layers.containsKey(Layer.STREET) || layers.containsKey(Layer.AREA);
        for (Layer layer : List.of(Layer.ROAD, Layer.WATER, Layer.LANDUSE, Layer.BUILDING)) {
            if (divisionsChanged && !layers.containsKey(layer)
                    && (layers.containsKey(Layer.STREET) || layer == Layer.BUILDING)) {
                write.refile(layer, districts);
            }
        }
        if (layers.containsKey(Layer.BUILDING)) {
            int dropped = write.restoreHouseholdRecords(districts);
            if (dropped > 0) {
                warnings.add(dropped + " household records were dropped: their buildings are not in the new delivery");
            }
        }
        if (layers.containsKey(Layer.STREET)) {
            for (String district : districts) {
                write.saveDistrict(district);
            }
        }
    }

    private ImportOutcome refuse(String actor, String fileName, String sha256, Integer declaredSrid) throws SQLException {
        ImportReport report = report(false);
        long id = store.recordRefusal(actor, fileName, sha256, declaredSrid, ImportDelivery.json(report));
        return new ImportOutcome(Status.REFUSED, report.withImportId(id));
    }

    private ImportReport report(boolean accepted) {
        List<String> allWarnings = new ArrayList<>(warnings);
        if (rejectedTotal > rejected.size()) {
            allWarnings.add(rejectedTotal + " rejections in all; the first " + rejected.size() + " are listed");
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (Layer layer : Layer.values()) {
            if (counts.containsKey(layer.tableName())) {
                ordered.put(layer.tableName(), counts.get(layer.tableName()));
            }
        }
        return new ImportReport(accepted, ordered, List.copyOf(rejected), allWarnings, null);
    }
}
