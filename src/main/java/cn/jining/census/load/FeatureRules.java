package cn.jining.census.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;

import cn.jining.census.geo.CrsCheck;
import cn.jining.census.geo.GeometryDefects;
import cn.jining.census.geo.GeometryDefects.Defect;
import cn.jining.census.geo.ToEpsg4548;
import cn.jining.census.model.Layer;
import cn.jining.census.store.DeliveryRow;

/**
 * The checks one feature must pass on its own (geometry, coordinates, attributes per the
 * delivery schema) and the street and census area it is filed under. Checks that compare
 * features with each other (duplicates, the district of the streets) are the importer's.
 *
 * <p>Every problem is reported, not only the first. Thread-safe: features are checked in parallel.
 */
final class FeatureRules {

    /**
     * Size limits.
     *
     * @param maxVertices     most vertices of one feature
     * @param maxBuildingArea largest building footprint, m²
     * @param maxExtent       largest width or height of a feature's extent, m
     */
    record Limits(int maxVertices, double maxBuildingArea, double maxExtent) {
        static Limits of(ImportSettings s) {
            return new Limits(s.maxVertices(), s.maxBuildingArea(), s.maxExtent());
        }
    }

    /**
     * What the features of one layer are checked against.
     *
     * @param streets     the district's streets (EPSG:4548) that other layers are filed under
     * @param areas       the district's census areas (EPSG:4548) that buildings are filed under
     * @param nestedAreas for each census area lying wholly in its street, that street's code
     * @param importId    stamped on the encoded rows
     */
    record LayerContext(Layer layer, CrsCheck crs, ToEpsg4548 transform, FilingIndex streets, FilingIndex areas,
            Map<String, String> nestedAreas, long importId) {
    }

    /**
     * The outcome for one feature.
     *
     * @param id         how the report names it
     * @param key        its code (street, area) or bid (building) for duplicate checks, else null
     * @param rejections its problems; empty when it may be stored
     * @param row        the row to store, null when rejected
     * @param encoded    the row in COPY form, null when rejected
     * @param source     its geometry in the delivery's coordinates, null when unreadable
     */
    record Checked(long fid, String id, String key, List<Rejection> rejections, DeliveryRow row, byte[] encoded,
            Geometry source) {

        /** A point on the feature in the delivery's coordinates, for reports. */
        Coordinate location() {
            return source == null ? null : GeometryDefects.pointOn(source);
        }
    }

    static final Set<String> AREA_KINDS = Set.of("社区", "村");
    static final Set<String> ROAD_CLASSES = Set.of("主干路", "次干路", "支路", "乡村道路", "铁路");
    static final Set<String> WATER_KINDS = Set.of("河流", "沟渠", "坑塘", "湖泊");
    static final Set<String> BUILDING_USES = Set.of("住宅", "商业", "工业", "公共", "其他");
    static final int MAX_FLOORS = 300;
    private static final Pattern STREET_CODE = Pattern.compile("\\d{9}");
    private static final Pattern AREA_CODE = Pattern.compile("\\d{12}");
    // 三调 land-use codes: two digits, two digits or letters (05H1, 08H2), sometimes a trailing A (0810A)
    private static final Pattern DLBM = Pattern.compile("\\d{2}[0-9A-Z]{2}A?");
    // Shapefile field names have at most 10 characters
    private static final Map<String, String> SHAPEFILE_NAMES = Map.of("street_code", "street_cod");

    private final Limits limits;

    FeatureRules(Limits limits) {
        this.limits = limits;
    }

    Checked check(SourceFeature feature, LayerContext ctx) {
        Layer layer = ctx.layer();
        String layerName = layer.tableName();
        Map<String, Object> attributes = feature.attributes();
        String id = idOf(layer, feature);
        List<Rejection> problems = new ArrayList<>();

        Geometry source = null;
        try {
            source = feature.geometry();
            if (source == null) {
                problems.add(Rejection.at(layerName, id, "feature has no geometry", null));
            }
        } catch (ParseException | RuntimeException e) {
            problems.add(Rejection.at(layerName, id, "unreadable geometry: " + e.getMessage(), null));
        }
        Geometry stored = source == null ? null : checkGeometry(source, ctx, id, problems);
        // attribute problems are shown on the feature; a broken geometry only offers its first vertex
        Geometry shown = source;
        boolean usable = stored != null;
        Supplier<Coordinate> where = () -> usable ? GeometryDefects.pointOn(shown)
                : shown != null && !shown.isEmpty() && GeometryDefects.nonFinite(shown).isEmpty()
                        ? shown.getCoordinate() : null;

        Map<String, Object> values = checkAttributes(layer, attributes, id, where, problems);

        String streetCode = null;
        String areaCode = null;
        if (stored != null) {
            switch (layer) {
                case STREET -> streetCode = (String) values.get("code");
                case AREA -> streetCode = (String) values.get("street_code");
                default -> {
                    if (layer == Layer.BUILDING) {
                        // most buildings lie inside one area that lies inside its street: then that
                        // street holds all of the building too, and no street lookup is needed
                        areaCode = ctx.areas().keyCovering(stored).orElse(null);
                        streetCode = areaCode == null ? null : ctx.nestedAreas().get(areaCode);
                        if (areaCode == null) {
                            areaCode = ctx.areas().keyOf(stored).orElse(null);
                        }
                    }
                    if (streetCode == null) {
                        streetCode = ctx.streets().keyOf(stored).orElse(null);
                    }
                    if (streetCode == null) {
                        problems.add(Rejection.at(layerName, id,
                                "lies in no street of the district (outside the district's streets)", where.get()));
                    }
                }
            }
        }
        String key = switch (layer) {
            case STREET, AREA -> text(attributes, "code");
            case BUILDING -> text(attributes, "bid");
            default -> null;
        };
        if (!problems.isEmpty()) {
            return new Checked(feature.fid(), id, key, problems, null, null, source);
        }
        DeliveryRow row = new DeliveryRow(layer, feature.fid(), values, streetCode, areaCode, stored);
        return new Checked(feature.fid(), id, key, List.of(), row, row.encode(ctx.importId()), source);
    }

    /** How the report names a feature: its code or bid when it has one, else {@code fid N}. */
    static String idOf(Layer layer, SourceFeature feature) {
        String own = switch (layer) {
            case STREET, AREA -> text(feature.attributes(), "code");
            case BUILDING -> text(feature.attributes(), "bid");
            default -> null;
        };
        return own != null ? own : "fid " + feature.fid();
    }

    /**
     * Checks the geometry in the delivery's coordinates, then its size in EPSG:4548.
     *
     * @return the geometry to store (multi, EPSG:4548), or null when it has problems
     */
    private Geometry checkGeometry(Geometry source, LayerContext ctx, String id, List<Rejection> problems) {
        String layerName = ctx.layer().tableName();
        if (source.isEmpty()) {
            problems.add(Rejection.at(layerName, id, "geometry is empty", null));
            return null;
        }
        var nonFinite = GeometryDefects.nonFinite(source);
        if (nonFinite.isPresent()) {
            problems.add(Rejection.at(layerName, id, nonFinite.get().reason(), nonFinite.get().location()));
            return null;
        }
        int before = problems.size();
        boolean polygonal = ctx.layer().geometryKind() == Layer.GeometryKind.POLYGONAL;
        if (polygonal ? !(source instanceof Polygon || source instanceof MultiPolygon)
                : !(source instanceof LineString || source instanceof MultiLineString)) {
            problems.add(Rejection.at(layerName, id, "geometry is a " + source.getGeometryType() + "; layer " + layerName
                    + " holds " + (polygonal ? "(Multi)Polygon" : "(Multi)LineString") + " features",
                    GeometryDefects.pointOn(source)));
        }
        CrsCheck.Verdict verdict = ctx.crs().check(source.getEnvelopeInternal());
        if (!verdict.accepted()) {
            problems.add(Rejection.at(layerName, id, verdict.reason(), source.getCoordinate()));
        }
        int vertices = source.getNumPoints();
        if (vertices > limits.maxVertices()) {
            problems.add(Rejection.at(layerName, id, vertices + " vertices, more than the limit of " + limits.maxVertices(),
                    source.getCoordinate()));
        } else {
            // most features are simple footprints, proven valid without IsValidOp's noding
            Defect invalid = SimpleRingValidity.provenValid(source) ? null
                    : GeometryDefects.invalidity(source).orElse(null);
            if (invalid != null) {
                problems.add(Rejection.at(layerName, id, invalid.reason(), invalid.location()));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        Geometry stored = ctx.transform().apply(source);
        Envelope extent = stored.getEnvelopeInternal();
        double size = Math.max(extent.getWidth(), extent.getHeight());
        if (size > limits.maxExtent()) {
            problems.add(Rejection.at(layerName, id, "extent of %.0f m is larger than the limit of %.0f m"
                    .formatted(size, limits.maxExtent()), GeometryDefects.pointOn(source)));
        }
        if (ctx.layer() == Layer.BUILDING && stored.getArea() > limits.maxBuildingArea()) {
            problems.add(Rejection.at(layerName, id, "building footprint of %.0f m² is larger than the limit of %.0f m²"
                    .formatted(stored.getArea(), limits.maxBuildingArea()), GeometryDefects.pointOn(source)));
        }
        return problems.size() > before ? null : toMulti(stored);
    }

    private static Geometry toMulti(Geometry g) {
        Geometry multi = g instanceof Polygon p ? g.getFactory().createMultiPolygon(new Polygon[] {p})
                : g instanceof LineString l ? g.getFactory().createMultiLineString(new LineString[] {l})
                : g;
        multi.setSRID(g.getSRID());
        return multi;
    }

    /** Checks the schema attributes and returns them normalised (trimmed text, Integer numbers). */
    private static Map<String, Object> checkAttributes(Layer layer, Map<String, Object> attributes, String id,
            Supplier<Coordinate> where, List<Rejection> problems) {
        String layerName = layer.tableName();
        Map<String, Object> values = new HashMap<>();
        Consumer<String> problem = reason -> problems.add(Rejection.at(layerName, id, reason, where.get()));
        switch (layer) {
            case STREET -> {
                values.put("code", code(attributes, "code", STREET_CODE, "9", problem));
                values.put("name", required(attributes, "name", problem));
            }
            case AREA -> {
                String code = code(attributes, "code", AREA_CODE, "12", problem);
                String street = code(attributes, "street_code", STREET_CODE, "9", problem);
                if (code != null && street != null && !code.startsWith(street)) {
                    problem.accept("area code " + code + " does not start with its street_code " + street);
                }
                values.put("code", code);
                values.put("street_code", street);
                values.put("name", required(attributes, "name", problem));
                values.put("kind", oneOf(attributes, "kind", AREA_KINDS, problem));
            }
            case ROAD -> {
                values.put("name", optional(attributes, "name"));
                values.put("class", oneOf(attributes, "class", ROAD_CLASSES, problem));
            }
            case WATER -> {
                values.put("name", optional(attributes, "name"));
                values.put("kind", oneOf(attributes, "kind", WATER_KINDS, problem));
            }
            case LANDUSE -> {
                String dlbm = required(attributes, "dlbm", problem);
                if (dlbm != null && !DLBM.matcher(dlbm).matches()) {
                    problem.accept("dlbm '" + dlbm + "' is not a land-use class code of the third land survey (e.g. 0101, 05H1)");
                }
                values.put("dlbm", dlbm);
                values.put("dlmc", required(attributes, "dlmc", problem));
            }
            case BUILDING -> {
                values.put("bid", required(attributes, "bid", problem));
                Integer floors = integer(attributes, "floors", false, problem);
                if (floors != null && (floors < 0 || floors > MAX_FLOORS)) {
                    problem.accept("floors " + floors + " is outside 0–" + MAX_FLOORS);
                }
                values.put("floors", floors);
                values.put("use", oneOf(attributes, "use", BUILDING_USES, problem));
                Integer households = integer(attributes, "households", true, problem);
                if (households != null && households < 0) {
                    problem.accept("households " + households + " is negative");
                }
                values.put("households", households);
                values.put("address", optional(attributes, "address"));
            }
        }
        return values;
    }

    /** The trimmed text of an attribute (numbers as digits), or null when absent or blank. */
    static String text(Map<String, Object> attributes, String name) {
        String alias = SHAPEFILE_NAMES.get(name);
        Object v = attributes.containsKey(name) || alias == null ? attributes.get(name) : attributes.get(alias);
        if (v == null) {
            return null;
        }
        String s = v instanceof Double d && d == Math.rint(d) && !d.isInfinite() ? Long.toString(d.longValue()) : v.toString();
        s = s.strip();
        return s.isEmpty() ? null : s;
    }

    private static String optional(Map<String, Object> attributes, String name) {
        String s = text(attributes, name);
        return s == null ? "" : s;
    }

    private static String required(Map<String, Object> attributes, String name,
            Consumer<String> problem) {
        String s = text(attributes, name);
        if (s == null) {
            problem.accept(name + " is missing");
        }
        return s;
    }

    private static String code(Map<String, Object> attributes, String name, Pattern pattern, String digits,
            Consumer<String> problem) {
        String s = required(attributes, name, problem);
        if (s != null && !pattern.matcher(s).matches()) {
            problem.accept(name + " '" + s + "' is not a " + digits + "-digit division code");
            return null;
        }
        return s;
    }

    private static String oneOf(Map<String, Object> attributes, String name, Set<String> allowed,
            Consumer<String> problem) {
        String s = required(attributes, name, problem);
        if (s != null && !allowed.contains(s)) {
            problem.accept(name + " '" + s + "' is not one of " + String.join("、", new TreeSet<>(allowed)));
            return null;
        }
        return s;
    }

    private static Integer integer(Map<String, Object> attributes, String name, boolean required,
            Consumer<String> problem) {
        Object v = attributes.get(name);
        if (v == null || (v instanceof String s && s.isBlank())) {
            if (required) {
                problem.accept(name + " is missing");
            }
            return null;
        }
        double d;
        if (v instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(v.toString().strip());
            } catch (NumberFormatException e) {
                problem.accept(name + " '" + v + "' is not a number");
                return null;
            }
        }
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            problem.accept(name + " " + v + " is not an integer");
            return null;
        }
        return (int) d;
    }
}
