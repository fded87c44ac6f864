package cn.jining.census.delineate;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jining.census.store.AreaSourceStore;
import cn.jining.census.store.SubareaStore;

/**
 * Delineates the census areas of a street, or one area, automatically: each area read, delineated
 * and (when accepted) written on its own, areas in parallel on as many threads as there are cores.
 * Accepting never overwrites an area whose subareas were accepted before, unless asked to.
 */
@ApplicationScoped
public class DelineateScope {

    /**
     * The outcome for one area.
     *
     * @param acceptance null for a proposal
     */
    public record Outcome(String areaName, AreaDelineation delineation, SubareaStore.Acceptance acceptance) {
    }

    private final AreaSourceStore sources;
    private final SubareaStore subareas;
    private final DelineateArea delineate;
    private final ObjectMapper json;
    private final ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
        Thread t = new Thread(r, "delineate");
        t.setDaemon(true);
        return t;
    });

    public DelineateScope(AreaSourceStore sources, SubareaStore subareas, SubareaSettings settings, ObjectMapper json) {
        this.sources = sources;
        this.subareas = subareas;
        this.delineate = new DelineateArea(settings.toSettings());
        this.json = json;
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    public DelineationSettings settings() {
        return delineate.settings();
    }

    /** Areas of a street (9 digits) or the area itself (12), in code order; empty when unknown. */
    public List<String> areaCodes(String scope) throws SQLException {
        return sources.areaCodes(scope);
    }

    /**
     * Delineates {@code areaCodes}.
     *
     * @param accept  write the result (else only return it)
     * @param replace when accepting, overwrite subareas accepted before
     * @return outcomes in the order of {@code areaCodes}
     */
    public List<Outcome> run(List<String> areaCodes, boolean accept, boolean replace, String actor)
            throws SQLException, InterruptedException {
        List<Future<Outcome>> futures = new ArrayList<>();
        for (String code : areaCodes) {
            futures.add(workers.submit(() -> one(code, accept, replace, actor)));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            try {
                outcomes.add(f.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw new IllegalStateException("delineation failed", e.getCause());
            }
        }
        return outcomes;
    }

    private Outcome one(String code, boolean accept, boolean replace, String actor) throws SQLException {
        AreaSourceStore.Source source = sources.load(code).orElseThrow(() -> new IllegalStateException("area vanished: " + code));
        AreaDelineation result = delineate.run(AreaInputs.of(source));
        SubareaStore.Acceptance acceptance = null;
        if (accept) {
            acceptance = subareas.acceptDelineation(code, toRows(result), cutBuildings(result), actor, replace);
            if (acceptance == SubareaStore.Acceptance.NO_SUCH_AREA) {
                throw new IllegalStateException("census area " + code + " was removed while being delineated");
            }
        }
        return new Outcome(source.area().name(), result, acceptance);
    }

    private List<SubareaStore.NewSubarea> toRows(AreaDelineation result) {
        List<SubareaStore.NewSubarea> rows = new ArrayList<>();
        for (AreaDelineation.Subarea s : result.subareas()) {
            rows.add(new SubareaStore.NewSubarea(s.code(), s.households(), s.virtual(), s.verticalOf(),
                    write(s.sizhi().asMap()), s.geometry(), s.exception(),
                    s.members().stream().map(m -> new SubareaStore.Member(m.bid(), m.households(), m.part())).toList()));
        }
        return rows;
    }

    private String cutBuildings(AreaDelineation result) {
        List<Map<String, Object>> cut = new ArrayList<>();
        for (BuildingPlacer.CutBuilding b : result.cutBuildings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bid", b.bid());
            m.put("share", Math.round(b.share() * 1000) / 1000.0);
            cut.add(m);
        }
        return write(cut);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not writable as JSON", e);
        }
    }
}
