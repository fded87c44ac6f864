package cn.jining.census.synthetic;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Generates a synthetic natural-resources delivery.
 *
 * <pre>
 * bin/generate-map-data [--scale district|city] [--seed N] [--out PATH] [--srid 4548|4527|4490]
 *                       [--divisions CSV] [--areas N]
 * </pre>
 *
 * <ul>
 * <li>{@code district} (default): 济宁高新区 from {@code map-data/divisions.csv}, with planted
 * defects, to {@code map-data/jining-hitech.gpkg}; writes {@code planted-defects.csv} and
 * {@code household-records.csv} beside it.
 * <li>{@code city}: a synthetic city of about {@code --areas} census areas (default 3 000) to
 * {@code map-data/city-scale/city.gpkg}.
 * </ul>
 * The same arguments give byte-identical files. {@code --srid} writes the same landscape in
 * EPSG:4527 or 4490 instead of 4548 (for test fixtures).
 */
public final class GenerateDelivery {

    /** The default seed: the census's standard time point, 2020-11-01. */
    public static final long DEFAULT_SEED = 20201101;

    /**
     * What a run wrote.
     *
     * @param featuresPerLayer feature count per layer table name, in schema order
     * @param households the sum of the buildings' estimated households
     */
    public record Result(Path delivery, Map<String, Integer> featuresPerLayer, long households) {
    }

    private GenerateDelivery() {
    }

    public static void main(String[] args) throws IOException {
        String scale = "district";
        long seed = DEFAULT_SEED;
        Path out = null;
        int srid = 4548;
        Path divisions = Path.of("map-data/divisions.csv");
        int areas = 3000;
        for (int k = 0; k < args.length; k++) {
            String value = k + 1 < args.length ? args[k + 1] : null;
            switch (args[k]) {
                case "--scale" -> scale = value;
                case "--seed" -> seed = Long.parseLong(value);
                case "--out" -> out = Path.of(value);
                case "--srid" -> srid = Integer.parseInt(value);
                case "--divisions" -> divisions = Path.of(value);
                case "--areas" -> areas = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown argument " + args[k]
                        + "; usage: [--scale district|city] [--seed N] [--out PATH] [--srid 4548|4527|4490] [--divisions CSV] [--areas N]");
            }
            k++;
        }
        long started = System.nanoTime();
        Result result = switch (scale) {
            case "district" -> district(divisions, seed, out != null ? out : Path.of("map-data/jining-hitech.gpkg"), srid);
            case "city" -> city(seed, areas, out != null ? out : Path.of("map-data/city-scale/city.gpkg"), srid);
            default -> throw new IllegalArgumentException("--scale is district or city, not " + scale);
        };
        System.out.printf(Locale.ROOT, "%s: %s, %,d households, %,d bytes, %.1f s%n", result.delivery(),
                result.featuresPerLayer(), result.households(), Files.size(result.delivery()),
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * Writes the district delivery to {@code out} and planted-defects.csv and
     * household-records.csv into the same directory.
     */
    public static Result district(Path divisions, long seed, Path out, int srid) throws IOException {
        LandscapePlan plan = DistrictPlanner.plan(Division.read(divisions), seed, true);
        DeliveryGenerator.Summary summary;
        try (DeliveryWriter writer = DeliveryWriter.create(out, srid)) {
            summary = DeliveryGenerator.generate(plan, writer, DeliveryCrs.of(srid), true);
        }
        Path folder = out.toAbsolutePath().getParent();
        writeDefects(folder.resolve("planted-defects.csv"), summary.defects());
        HouseholdRecords.write(folder.resolve("household-records.csv"), plan, summary.residential());
        return new Result(out, summary.featuresPerLayer(), summary.households());
    }

    /** Writes a clean synthetic city of about {@code areas} census areas to {@code out}. */
    public static Result city(long seed, int areas, Path out, int srid) throws IOException {
        LandscapePlan plan = CityPlanner.plan(seed, areas);
        try (DeliveryWriter writer = DeliveryWriter.create(out, srid)) {
            DeliveryGenerator.Summary summary = DeliveryGenerator.generate(plan, writer, DeliveryCrs.of(srid), false);
            return new Result(out, summary.featuresPerLayer(), summary.households());
        }
    }

    /** planted-defects.csv: id,kind,layer,codes,x,y,lon,lat,size_m2,note (x, y in EPSG:4548; lon, lat in 4490). */
    static void writeDefects(Path csv, List<DefectPlanter.PlantedDefect> defects) throws IOException {
        CoordinateTransform toGeographic = DeliveryCrs.gaussKrugerToGeographic();
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("id,kind,layer,codes,x,y,lon,lat,size_m2,note\n");
            for (DefectPlanter.PlantedDefect d : defects) {
                ProjCoordinate lonLat = new ProjCoordinate();
                toGeographic.transform(new ProjCoordinate(d.x(), d.y()), lonLat);
                w.write(String.format(Locale.ROOT, "%s,%s,%s,%s,%.3f,%.3f,%.7f,%.7f,%.2f,\"%s\"\n", d.id(), d.kind(), d.layer(),
                        String.join(";", d.codes()), d.x(), d.y(), lonLat.x, lonLat.y, d.sizeM2(), d.note().replace("\"", "\"\"")));
            }
        }
    }
}
