package cn.jining.census.delineate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.postgresql.ds.PGSimpleDataSource;

import cn.jining.census.store.AreaSourceStore;

/**
 * Times automatic delineation of every area in a loaded database, reading and computing apart.
 *
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=cn.jining.census.delineate.DelineationBenchmark \
 *     -Dexec.args="jdbc:postgresql://127.0.0.1:5432/census census PASSWORD"
 * </pre>
 */
public final class DelineationBenchmark {

    private DelineationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(args[0]);
        ds.setUser(args.length > 1 ? args[1] : "postgres");
        if (args.length > 2) {
            ds.setPassword(args[2]);
        }
        int threads = Runtime.getRuntime().availableProcessors();
        AreaSourceStore store = new AreaSourceStore(ds);
        List<String> codes = new ArrayList<>();
        for (String street : store.streetCodes()) {
            codes.addAll(store.areaCodes(street));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<AreaInput>> loads = new ArrayList<>();
        for (String code : codes) {
            loads.add(pool.submit(() -> AreaInputs.of(store.load(code).orElseThrow())));
        }
        List<AreaInput> inputs = new ArrayList<>();
        for (Future<AreaInput> f : loads) {
            inputs.add(f.get());
        }
        long t1 = System.nanoTime();
        DelineateArea delineate = new DelineateArea(DelineationSettings.DEFAULTS);
        for (int warm = 0; warm < (args.length > 3 ? Integer.parseInt(args[3]) : 0); warm++) {
            List<Future<AreaDelineation>> w = new ArrayList<>();
            inputs.forEach(in -> w.add(pool.submit(() -> delineate.run(in))));
            for (Future<AreaDelineation> f : w) {
                f.get();
            }
        }
        long t2 = System.nanoTime();
        List<Future<AreaDelineation>> runs = new ArrayList<>();
        java.util.concurrent.atomic.LongAdder cpu = new java.util.concurrent.atomic.LongAdder();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        inputs.forEach(in -> runs.add(pool.submit(() -> {
            long c0 = mx.getCurrentThreadCpuTime();
            AreaDelineation r = delineate.run(in);
            cpu.add(mx.getCurrentThreadCpuTime() - c0);
            return r;
        })));
        List<AreaDelineation> results = new ArrayList<>();
        for (Future<AreaDelineation> f : runs) {
            results.add(f.get());
        }
        long t3 = System.nanoTime();
        pool.shutdown();

        int numbered = 0;
        int inBand = 0;
        int virtual = 0;
        int vertical = 0;
        int cut = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        for (AreaDelineation r : results) {
            cut += r.cutBuildings().size();
            for (AreaDelineation.Subarea s : r.subareas()) {
                if (s.virtual()) {
                    virtual++;
                    continue;
                }
                numbered++;
                if (s.verticalOf() != null) {
                    vertical++;
                }
                if (DelineationSettings.DEFAULTS.inBand(s.households())) {
                    inBand++;
                } else {
                    reasons.merge(s.exception().replaceAll("[0-9]+", "N").replaceAll("（[^）]*）", ""), 1, Integer::sum);
                }
            }
        }
        System.out.printf("areas %d, buildings %d, threads %d%n", inputs.size(),
                inputs.stream().mapToInt(i -> i.buildings().size()).sum(), threads);
        System.out.printf("read %.2f s, delineate %.2f s (CPU %.2f s over all threads)%n", (t1 - t0) / 1e9, (t3 - t2) / 1e9,
                cpu.sum() / 1e9);
        System.out.printf("subareas %d (vertical %d) + virtual %d; inside band %d (%.1f%%); cut buildings %d%n", numbered,
                vertical, virtual, inBand, 100.0 * inBand / numbered, cut);
        reasons.forEach((k, v) -> System.out.println("  " + v + " × " + k));
        // the band share by kind of area: villages (村委会) and urban communities differ most
        Map<String, int[]> byKind = new TreeMap<>();
        for (int i = 0; i < results.size(); i++) {
            String kind = inputs.get(i).name().endsWith("村委会") ? "villages" : "communities";
            int[] inBandOfAll = byKind.computeIfAbsent(kind, k -> new int[2]);
            for (AreaDelineation.Subarea s : results.get(i).subareas()) {
                if (!s.virtual()) {
                    inBandOfAll[1]++;
                    inBandOfAll[0] += DelineationSettings.DEFAULTS.inBand(s.households()) ? 1 : 0;
                }
            }
        }
        byKind.forEach((kind, c) -> System.out.printf("  %s: %d of %d inside the band%n", kind, c[0], c[1]));
    }
}
