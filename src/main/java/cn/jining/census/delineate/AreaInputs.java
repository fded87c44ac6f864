package cn.jining.census.delineate;

import java.util.List;

import cn.jining.census.store.AreaSourceStore;

/** Turns what {@link AreaSourceStore} read into the input of {@link DelineateArea}. */
final class AreaInputs {

    private AreaInputs() {
    }

    static AreaInput of(AreaSourceStore.Source source) {
        List<AreaInput.Barrier> barriers = new java.util.ArrayList<>();
        for (AreaSourceStore.LinearFeature road : source.roads()) {
            AreaInput.BarrierKind kind = "铁路".equals(road.kind()) ? AreaInput.BarrierKind.RAILWAY : AreaInput.BarrierKind.ROAD;
            barriers.add(new AreaInput.Barrier(road.name(), kind, road.geometry()));
        }
        for (AreaSourceStore.LinearFeature water : source.water()) {
            barriers.add(new AreaInput.Barrier(water.name(), AreaInput.BarrierKind.WATER, water.geometry()));
        }
        List<AreaInput.Building> buildings = source.buildings().stream()
                .map(b -> new AreaInput.Building(b.bid(), b.geometry(), b.households(), b.source(), b.use(), b.floors(), b.persons()))
                .toList();
        List<AreaInput.Neighbour> neighbours = source.neighbours().stream()
                .map(n -> new AreaInput.Neighbour(n.code(), n.name(), n.geometry()))
                .toList();
        return new AreaInput(source.area().code(), source.area().name(), source.area().geometry(), List.copyOf(barriers),
                buildings, source.demolitionZones(), neighbours);
    }
}
