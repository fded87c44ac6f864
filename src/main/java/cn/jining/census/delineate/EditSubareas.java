package cn.jining.census.delineate;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jining.census.store.AreaSourceStore;
import cn.jining.census.store.SubareaEditStore;
import cn.jining.census.store.SubareaStore;

/**
 * Runs a planner's edit of one area: reads what the area holds, checks that the subareas the edit
 * touches are still at the versions the planner saw (else {@link Stale}, 409), computes the edit
 * with {@link SubareaEditor} (which refuses what would break a rule: 422) and writes the subareas
 * that changed, with their buildings, households and 四至, and the neighbours whose 四至 changed with
 * them — all inside the area's lock.
 */
@ApplicationScoped
public class EditSubareas {

    /** The edit was made on versions that are no longer current. */
    public static final class Stale extends Exception {
        public Stale(String message) {
            super(message);
        }
    }

    /** What an edit did. */
    public record Result(long areaVersion, List<String> changed, List<String> deleted, List<String> warnings) {
    }

    /** One edit, computed on the area's tiles and residents. */
    @FunctionalInterface
    interface Operation {
        SubareaEditor.Outcome apply(SubareaEditor editor, List<SubareaEditor.Tile> tiles, List<SubareaEditor.Resident> residents,
                java.util.function.Supplier<String> newCode) throws SubareaEditor.Refused;
    }

    private record Loaded(long importId, AreaInput area) {
    }

    /** Areas kept read at most: planners work on a few at a time, a city has thousands. */
    private static final int CACHED_AREAS = 200;

    /**
     * Areas as read for earlier edits, with the import they were read after: roads, buildings and
     * neighbours change only with an import, and reading them again would cost each edit more than
     * computing it.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Loaded> loaded = new java.util.concurrent.ConcurrentHashMap<>();
    private final SubareaEditStore store;
    private final AreaSourceStore sources;
    private final SubareaEditor editor;
    private final DelineationSettings settings;
    private final ObjectMapper json;

    public EditSubareas(SubareaEditStore store, AreaSourceStore sources, SubareaSettings settings, ObjectMapper json) {
        this.store = store;
        this.sources = sources;
        this.settings = settings.toSettings();
        this.editor = new SubareaEditor(this.settings);
        this.json = json;
    }

    /**
     * Applies {@code operation} to the area of the subareas in {@code versions}.
     *
     * @param versions the version the planner saw of every subarea the edit touches
     */
    Result run(String areaCode, Map<String, Long> versions, String actor, String action, String reason, Operation operation)
            throws Exception {
        AreaInput area = area(areaCode);
        Map<String, AreaInput.Building> buildings = new HashMap<>();
        area.buildings().forEach(b -> buildings.put(b.bid(), b));
        List<String> changed = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> deleted = new HashSet<>();
        long version = store.edit(areaCode, actor, state -> {
            checkVersions(state, versions);
            List<SubareaEditor.Tile> tiles = new ArrayList<>();
            List<SubareaEditor.Resident> residents = new ArrayList<>();
            int highest = 0;
            for (SubareaEditStore.Current s : state.subareas()) {
                if (!s.virtual()) {
                    highest = Math.max(highest, Integer.parseInt(s.code().substring(12)));
                }
                if (s.virtual() || s.verticalOf() != null) {
                    continue;
                }
                tiles.add(new SubareaEditor.Tile(s.code(), s.geometry()));
                for (SubareaStore.Member m : s.members()) {
                    AreaInput.Building b = buildings.get(m.bid());
                    if (b != null) {
                        residents.add(new SubareaEditor.Resident(m.bid(), b.geometry(), s.code(), m.households()));
                    }
                }
            }
            int[] next = { highest };
            SubareaEditor.Outcome outcome = operation.apply(editor, tiles, residents, () -> {
                next[0]++;
                if (next[0] >= 900) {
                    throw new IllegalStateException("no free subarea number below 900 in " + areaCode);
                }
                return areaCode + String.format("%03d", next[0]);
            });
            SubareaEditStore.Change change = change(area, state, tiles, outcome, action, reason);
            change.written().forEach(w -> changed.add(w.code()));
            deleted.addAll(change.deleted());
            warnings.addAll(outcome.warnings());
            return change;
        });
        return new Result(version, changed, List.copyOf(deleted), warnings);
    }

    /** Renumbers the area's subareas 001… in serpentine order; vertical parts follow their base. */
    Result renumber(String areaCode, long areaVersion, String actor, String reason) throws Exception {
        AreaInput area = area(areaCode);
        List<String> changed = new ArrayList<>();
        long version = store.edit(areaCode, actor, state -> {
            if (state.version() != areaVersion) {
                throw new Stale("census area " + areaCode + " is at version " + state.version() + ", not " + areaVersion);
            }
            List<SubareaEditStore.Current> bases = state.subareas().stream()
                    .filter(s -> !s.virtual() && s.verticalOf() == null).toList();
            List<Coordinate> points = bases.stream().map(s -> s.geometry().getInteriorPoint().getCoordinate()).toList();
            double total = bases.stream().mapToDouble(s -> s.geometry().getArea()).sum();
            int[] order = SerpentineNumbering.order(points, SerpentineNumbering.rowHeight(total, bases.size()));
            Map<String, String> renamed = new LinkedHashMap<>();
            int number = 1;
            for (int i : order) {
                SubareaEditStore.Current base = bases.get(i);
                renamed.put(base.code(), areaCode + String.format("%03d", number++));
                for (SubareaEditStore.Current part : state.subareas()) {
                    if (base.code().equals(part.verticalOf())) {
                        renamed.put(part.code(), areaCode + String.format("%03d", number++));
                    }
                }
            }
            List<SiZhiFinder.Neighbourhood> tiles = bases.stream()
                    .map(s -> new SiZhiFinder.Neighbourhood(renamed.get(s.code()), s.geometry())).toList();
            SiZhiFinder finder = new SiZhiFinder(area.geometry(), area.barriers(), area.neighbours(), tiles);
            Map<String, String> sizhi = new HashMap<>();
            for (SubareaEditStore.Current s : bases) {
                sizhi.put(s.code(), write(finder.find(s.geometry()).asMap()));
            }
            List<SubareaStore.NewSubarea> written = new ArrayList<>();
            for (SubareaEditStore.Current s : state.subareas()) {
                if (s.virtual()) {
                    continue;
                }
                String base = s.verticalOf() == null ? s.code() : s.verticalOf();
                written.add(new SubareaStore.NewSubarea(renamed.get(s.code()), s.households(), false,
                        s.verticalOf() == null ? null : renamed.get(s.verticalOf()), sizhi.get(base), s.geometry(),
                        s.exception(), s.members()));
                changed.add(renamed.get(s.code()));
            }
            Set<String> gone = new HashSet<>(renamed.keySet());
            return new SubareaEditStore.Change(written, gone, "renumber", reason);
        });
        return new Result(version, changed, List.of(), List.of());
    }

    private static void checkVersions(SubareaEditStore.State state, Map<String, Long> versions) throws Stale {
        Map<String, Long> current = new HashMap<>();
        state.subareas().forEach(s -> current.put(s.code(), s.version()));
        for (Map.Entry<String, Long> e : versions.entrySet()) {
            Long now = current.get(e.getKey());
            if (now == null) {
                throw new Stale("subarea " + e.getKey() + " no longer exists");
            }
            if (!now.equals(e.getValue())) {
                throw new Stale("subarea " + e.getKey() + " is at version " + now + ", not " + e.getValue()
                        + ": someone changed it since; reload and edit again");
            }
        }
    }

    /**
     * The rows to write: changed tiles anew, vertical parts whose buildings moved to another tile, and
     * the tiles beside a changed or removed one, whose 四至 may name it.
     *
     * @throws SubareaEditor.Refused when the towers of one vertical part would end in different tiles
     */
    private SubareaEditStore.Change change(AreaInput area, SubareaEditStore.State state, List<SubareaEditor.Tile> tiles,
            SubareaEditor.Outcome outcome, String action, String reason) throws SubareaEditor.Refused {
        Map<String, SubareaEditStore.Current> byCode = new HashMap<>();
        state.subareas().forEach(s -> byCode.put(s.code(), s));
        Map<String, Geometry> after = new LinkedHashMap<>();
        tiles.forEach(t -> after.put(t.code(), t.geometry()));
        outcome.deleted().forEach(after::remove);
        after.putAll(outcome.geometries());

        Map<String, List<SubareaStore.Member>> members = new HashMap<>();
        for (SubareaEditor.Tile t : tiles) {
            for (SubareaStore.Member m : byCode.get(t.code()).members()) {
                String now = outcome.moved().getOrDefault(m.bid(), t.code());
                members.computeIfAbsent(now, k -> new ArrayList<>()).add(m);
            }
        }
        List<SiZhiFinder.Neighbourhood> neighbourhoods = new ArrayList<>();
        after.forEach((c, g) -> neighbourhoods.add(new SiZhiFinder.Neighbourhood(c, g)));
        SiZhiFinder finder = new SiZhiFinder(area.geometry(), area.barriers(), area.neighbours(), neighbourhoods);

        List<SubareaStore.NewSubarea> written = new ArrayList<>();
        Map<String, String> sizhiOf = new HashMap<>();
        for (Map.Entry<String, Geometry> e : outcome.geometries().entrySet()) {
            String code = e.getKey();
            List<SubareaStore.Member> own = members.getOrDefault(code, List.of());
            int households = own.stream().mapToInt(SubareaStore.Member::households).sum();
            String sizhi = write(finder.find(e.getValue()).asMap());
            sizhiOf.put(code, sizhi);
            String exception = settings.inBand(households) ? null
                    : "规划员修改后为" + households + "户，不在" + settings.bandMin() + "–" + settings.bandMax() + "户之间"
                            + (reason == null || reason.isBlank() ? "" : "（" + reason.strip() + "）");
            written.add(new SubareaStore.NewSubarea(code, households, false, null, sizhi, e.getValue(), exception, own));
        }
        for (SubareaEditor.Tile t : besideTheEdit(tiles, outcome)) {
            SubareaEditStore.Current s = byCode.get(t.code());
            Map<String, String> sides = finder.find(t.geometry()).asMap();
            if (!sides.equals(read(s.sizhiJson()))) {
                String sizhi = write(sides);
                sizhiOf.put(s.code(), sizhi);
                written.add(new SubareaStore.NewSubarea(s.code(), s.households(), false, null, sizhi, s.geometry(),
                        s.exception(), s.members()));
            }
        }
        for (SubareaEditStore.Current s : state.subareas()) {
            if (s.verticalOf() == null || s.members().isEmpty()) {
                continue;
            }
            // a layer of several towers (FloorLayers) follows its towers only while they stay together
            Set<String> bases = new java.util.TreeSet<>();
            s.members().forEach(m -> bases.add(outcome.moved().getOrDefault(m.bid(), s.verticalOf())));
            if (bases.size() > 1) {
                throw new SubareaEditor.Refused("竖向普查小区 " + s.code() + " 含几栋楼的上部楼层，这几栋楼须留在同一个普查小区内，"
                        + "本次修改会把它们分到 " + String.join("、", bases));
            }
            String base = bases.iterator().next();
            if (!base.equals(s.verticalOf()) || sizhiOf.containsKey(base)) {
                written.add(new SubareaStore.NewSubarea(s.code(), s.households(), false, base,
                        sizhiOf.getOrDefault(base, s.sizhiJson()), s.geometry(), s.exception(), s.members()));
            }
        }
        return new SubareaEditStore.Change(written, outcome.deleted(), action, reason);
    }

    /**
     * The tiles the edit left unchanged that touch a tile it changed or removed, before or after:
     * their 四至 may name that tile, or a road it no longer runs along.
     */
    private static List<SubareaEditor.Tile> besideTheEdit(List<SubareaEditor.Tile> tiles, SubareaEditor.Outcome outcome) {
        List<Geometry> edited = new ArrayList<>(outcome.geometries().values());
        for (SubareaEditor.Tile t : tiles) {
            if (outcome.geometries().containsKey(t.code()) || outcome.deleted().contains(t.code())) {
                edited.add(t.geometry());
            }
        }
        List<SubareaEditor.Tile> beside = new ArrayList<>();
        for (SubareaEditor.Tile t : tiles) {
            if (outcome.geometries().containsKey(t.code()) || outcome.deleted().contains(t.code())) {
                continue;
            }
            Geometry g = t.geometry();
            if (edited.stream().anyMatch(e -> e.getEnvelopeInternal().intersects(g.getEnvelopeInternal()) && e.intersects(g))) {
                beside.add(t);
            }
        }
        return beside;
    }

    /** A stored 四至; empty when there is none. */
    private Map<String, String> read(String sizhiJson) {
        if (sizhiJson == null) {
            return Map.of();
        }
        try {
            return json.readValue(sizhiJson, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("subarea.sizhi is not a JSON object of strings", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not writable as JSON", e);
        }
    }

    /** The roads, railways and water outlines near an area: what bounds the blocks a planner moves. */
    List<Geometry> barrierLines(String areaCode) throws SQLException, SubareaEditStore.NothingToEdit {
        return area(areaCode).barriers().stream().map(AreaInput.Barrier::linework).toList();
    }

    private AreaInput area(String areaCode) throws SQLException, SubareaEditStore.NothingToEdit {
        long latest = sources.latestImport();
        Loaded cached = loaded.get(areaCode);
        if (cached != null && cached.importId() == latest) {
            return cached.area();
        }
        AreaInput area = AreaInputs.of(sources.load(areaCode)
                .orElseThrow(() -> new SubareaEditStore.NothingToEdit("no census area " + areaCode)));
        if (loaded.size() >= CACHED_AREAS) {
            loaded.clear();
        }
        loaded.put(areaCode, new Loaded(latest, area));
        return area;
    }

    /** Undo the area's latest edit; {@code null} when there is nothing to undo. */
    Long undo(String areaCode, String actor, String reason)
            throws SQLException, SubareaEditStore.NothingToEdit, SubareaEditStore.CodesInUse {
        return store.undo(areaCode, actor, reason).orElse(null);
    }
}
