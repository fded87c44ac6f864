package cn.jining.census.delineate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

/**
 * Groups an area's pieces into contiguous, compact subareas near the target household count.
 *
 * <p>Each set of pieces connected through shared edges (the area, and each enclave apart) is
 * bisected recursively: pieces are ordered along one of eight directions, and the split whose two
 * sides can each hold a whole number of subareas inside the band, are each contiguous and share the
 * shortest border wins. The number of subareas for a set of households is the one that leaves the
 * households least outside the band. A local search then moves single boundary pieces, and merges
 * whole neighbours, wherever that brings subareas closer to the band without breaking contiguity
 * or passing the hard limit, and never leaving a subarea further outside the band than the worst
 * one it involves (two subareas of 60 and 66 households of low buildings stay two rather than
 * become one of 126). The local search counts a subarea as inside the band when its tall buildings
 * can be cut into floor layers that each lie inside it ({@link FloorLayers}): 66 + 66 + 66
 * households of towers become one piece of land in two layers of 99. With equal households it prefers the move that shortens borders, which
 * also attaches pieces without households (fields, water) to the subarea they border most.
 * Borders between pieces of one block (cut lines along gaps between buildings) count
 * {@value #CUT_WEIGHT} times their length, so that subareas end along roads and rivers where the
 * households allow it.
 *
 * <p>Contract: every piece is in exactly one group; every group is connected through shared
 * edges (not only corner points); no group exceeds the hard limit unless one piece alone does.
 * Groups outside the band are left to the caller to explain.
 */
public final class SubareaGrower {

    /** Pieces grouped into one subarea, with their households. */
    public record Group(List<Integer> pieces, int households) {
    }

    /** How much more a border along a cut between buildings costs than one along a road. */
    static final double CUT_WEIGHT = 4;
    private static final int DIRECTIONS = 8;
    private static final int CANDIDATES = 40;
    private static final int ROUNDS = 50;
    /** Longest chain of subareas a surplus is passed along. */
    private static final int CHAIN = 4;

    private final DelineationSettings settings;

    public SubareaGrower(DelineationSettings settings) {
        this.settings = settings;
    }

    /**
     * How many subareas {@code households} make: the count with the least {@link #cost}; on a tie
     * the one whose mean is nearest the target.
     */
    public int subareaCount(int households) {
        if (households <= settings.bandMax()) {
            return 1;
        }
        int best = 1;
        double bestCost = Double.POSITIVE_INFINITY;
        int from = Math.max(1, households / settings.bandMax());
        int to = (households + settings.bandMin() - 1) / settings.bandMin();
        for (int k = from; k <= to; k++) {
            double cost = cost(households, k) + 1e-6 * Math.abs(households / (double) k - settings.target());
            if (cost < bestCost) {
                bestCost = cost;
                best = k;
            }
        }
        return best;
    }

    /**
     * What it costs at best to make {@code count} subareas of {@code households}: nothing when
     * they can all lie inside the band; otherwise one subarea takes the whole shortfall or excess
     * and costs the band's minimum on top of it. Fewer subareas outside the band is what the census
     * asks for, and a single explained exception per set of blocks is what a planner can check; a
     * subarea with no household at all costs the most.
     */
    private double cost(int households, int count) {
        if (households == 0) {
            return count * 2.0 * settings.bandMin();
        }
        double off = households < count * settings.bandMin() ? count * settings.bandMin() - households
                : Math.max(0, households - count * settings.bandMax());
        return off == 0 ? 0 : settings.bandMin() + off;
    }

    private double distance(double households) {
        return households < settings.bandMin() ? settings.bandMin() - households : Math.max(0, households - settings.bandMax());
    }

    /** How far a group lies outside the band; nothing when its tall buildings can be layered into it. */
    private double distance(int households, int tall) {
        return FloorLayers.count(households, tall, settings) > 1 ? 0 : distance(households);
    }

    /**
     * Groups {@code pieces}.
     *
     * @param pieces     the area's pieces; neighbours share edges vertex for vertex
     * @param households households per piece, aligned with {@code pieces}
     * @param tall       households per piece in buildings {@link FloorLayers} may divide by floors
     * @param blockOf    the block each piece was cut from; pieces of one block border along cuts
     * @return groups ordered by their first piece
     */
    public List<Group> grow(List<Block> pieces, int[] households, int[] tall, int[] blockOf) {
        List<Polygon> polygons = pieces.stream().map(Block::polygon).toList();
        List<Map<Integer, Double>> neighbours = SharedEdges.neighbours(polygons);
        for (int p = 0; p < neighbours.size(); p++) {
            int block = blockOf[p];
            neighbours.get(p).replaceAll((q, length) -> blockOf[q] == block ? length * CUT_WEIGHT : length);
        }
        Graph graph = new Graph(neighbours, households, tall, centroids(polygons));
        List<BitSet> groups = new ArrayList<>();
        BitSet all = new BitSet();
        all.set(0, pieces.size());
        for (BitSet component : graph.components(all)) {
            bisect(graph, component, groups);
        }
        refine(graph, groups);
        List<Group> result = new ArrayList<>();
        for (BitSet g : groups) {
            if (!g.isEmpty()) {
                result.add(new Group(g.stream().boxed().toList(), graph.households(g)));
            }
        }
        result.sort(Comparator.comparingInt(g -> g.pieces().get(0)));
        return result;
    }

    private static Coordinate[] centroids(List<Polygon> polygons) {
        Coordinate[] c = new Coordinate[polygons.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = polygons.get(i).getCentroid().getCoordinate();
        }
        return c;
    }

    // ---- recursive bisection ----

    private void bisect(Graph graph, BitSet set, List<BitSet> out) {
        int total = graph.households(set);
        int k = subareaCount(total);
        if (k <= 1 || set.cardinality() < 2) {
            out.add(set);
            return;
        }
        BitSet[] halves = bestSplit(graph, set, k, total);
        if (halves == null) {
            out.add(set);
            return;
        }
        for (BitSet half : halves) {
            for (BitSet component : graph.components(half)) {
                bisect(graph, component, out);
            }
        }
    }

    private record Candidate(int direction, int prefix, double infeasible, double balance) {
    }

    private BitSet[] bestSplit(Graph graph, BitSet set, int k, int total) {
        int[] members = set.stream().toArray();
        int n = members.length;
        List<int[]> orders = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (int d = 0; d < DIRECTIONS; d++) {
            double angle = Math.PI * d / DIRECTIONS;
            double dx = Math.cos(angle);
            double dy = Math.sin(angle);
            int[] order = java.util.Arrays.stream(members).boxed()
                    .sorted(Comparator.comparingDouble(i -> graph.centroids[i].x * dx + graph.centroids[i].y * dy))
                    .mapToInt(Integer::intValue).toArray();
            orders.add(order);
            int low = 0;
            for (int j = 1; j < n; j++) {
                low += graph.households[order[j - 1]];
                int high = total - low;
                double infeasible = Double.POSITIVE_INFINITY;
                double balance = 0;
                for (int k1 : new int[] { k / 2, k - k / 2 }) {
                    int k2 = k - k1;
                    double cost = cost(low, k1) + cost(high, k2);
                    if (cost < infeasible) {
                        infeasible = cost;
                        balance = Math.abs(low - total * (double) k1 / k);
                    }
                }
                candidates.add(new Candidate(d, j, infeasible, balance));
            }
        }
        candidates.sort(Comparator.comparingDouble(Candidate::infeasible).thenComparingDouble(Candidate::balance));
        BitSet[] best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        BitSet[] fallback = null;
        for (Candidate c : candidates.subList(0, Math.min(CANDIDATES, candidates.size()))) {
            int[] order = orders.get(c.direction);
            BitSet a = new BitSet();
            for (int j = 0; j < c.prefix; j++) {
                a.set(order[j]);
            }
            BitSet b = (BitSet) set.clone();
            b.andNot(a);
            if (fallback == null) {
                fallback = new BitSet[] { a, b };
            }
            if (!graph.connected(a) || !graph.connected(b)) {
                continue;
            }
            // border length against the size of the pieces keeps subareas compact
            double score = c.infeasible * 10 + c.balance + 20 * graph.border(a, b) / Math.sqrt(graph.size(set));
            if (score < bestScore) {
                bestScore = score;
                best = new BitSet[] { a, b };
            }
        }
        return best != null ? best : fallback;
    }

    // ---- local search ----

    private double penalty(int households, int tall, boolean empty) {
        if (empty) {
            return 0;
        }
        if (households > settings.hardLimit()) {
            return 1e6 + households;
        }
        return FloorLayers.count(households, tall, settings) > 1 ? 0 : cost(households, 1);
    }

    private void refine(Graph graph, List<BitSet> groups) {
        int[] owner = new int[graph.households.length];
        Sums sums = new Sums(groups.size());
        for (int g = 0; g < groups.size(); g++) {
            BitSet set = groups.get(g);
            for (int p = set.nextSetBit(0); p >= 0; p = set.nextSetBit(p + 1)) {
                owner[p] = g;
            }
            sums.households[g] = graph.households(set);
            sums.tall[g] = graph.tall(set);
        }
        for (int round = 0; round < ROUNDS; round++) {
            boolean changed = mergeNeighbours(graph, groups, owner, sums);
            for (int p = 0; p < owner.length; p++) {
                changed |= movePiece(graph, groups, owner, sums, p);
            }
            if (!changed) {
                changed = passAlong(graph, groups, owner, sums);
            }
            if (!changed) {
                return;
            }
        }
    }

    /**
     * Moves households along a chain of neighbouring subareas: a subarea above the band hands a
     * piece to its neighbour, which hands one on, until one with room takes it (and the other way
     * round for a subarea below the band). Single moves cannot do this when every neighbour is
     * already near the edge of the band. Kept only when the chain's subareas end closer to the band.
     */
    private boolean passAlong(Graph graph, List<BitSet> groups, int[] owner, Sums sums) {
        boolean changed = false;
        for (int a = 0; a < groups.size(); a++) {
            boolean over = sums.households[a] > settings.bandMax();
            boolean under = sums.households[a] > 0 && sums.households[a] < settings.bandMin();
            if (groups.get(a).isEmpty() || !(over || under) || sums.distance(a) == 0) {
                continue;
            }
            int[] parent = new int[groups.size()];
            java.util.Arrays.fill(parent, -2);
            parent[a] = -1;
            List<Integer> frontier = List.of(a);
            search:
            for (int depth = 0; depth < CHAIN && !frontier.isEmpty(); depth++) {
                List<Integer> next = new ArrayList<>();
                for (int g : frontier) {
                    for (int q : graph.neighbourGroups(groups.get(g), owner)) {
                        if (parent[q] != -2) {
                            continue;
                        }
                        parent[q] = g;
                        next.add(q);
                        boolean room = over ? sums.households[q] < settings.bandMax() : sums.households[q] > settings.bandMin();
                        if (room && tryChain(graph, groups, owner, sums, chain(parent, q), over)) {
                            changed = true;
                            break search;
                        }
                    }
                }
                frontier = next;
            }
        }
        return changed;
    }

    /** The groups from the start of the search to {@code end}. */
    private static List<Integer> chain(int[] parent, int end) {
        List<Integer> path = new ArrayList<>();
        for (int g = end; g >= 0; g = parent[g]) {
            path.add(0, g);
        }
        return path;
    }

    private boolean tryChain(Graph graph, List<BitSet> groups, int[] owner, Sums sums, List<Integer> path, boolean over) {
        List<Integer> flow = new ArrayList<>(path);
        if (!over) {
            java.util.Collections.reverse(flow);
        }
        double before = 0;
        double worstBefore = 0;
        for (int g : path) {
            before += sums.penalty(g, false);
            worstBefore = Math.max(worstBefore, sums.distance(g));
        }
        int start = path.get(0);
        int wanted = over ? sums.households[start] - settings.bandMax() : settings.bandMin() - sums.households[start];
        List<int[]> moves = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i + 1 < flow.size(); i++) {
            int from = flow.get(i);
            int to = flow.get(i + 1);
            int piece = handOver(graph, groups.get(from), owner, to, wanted);
            if (piece < 0) {
                complete = false;
                break;
            }
            relocate(groups, owner, sums, graph, piece, to);
            moves.add(new int[] { piece, from });
            wanted = graph.households[piece];
        }
        double after = 0;
        double worstAfter = 0;
        for (int g : path) {
            after += sums.penalty(g, groups.get(g).isEmpty());
            worstAfter = Math.max(worstAfter, groups.get(g).isEmpty() ? 0 : sums.distance(g));
        }
        if (complete && after < before - 1e-9 && worstAfter <= worstBefore) {
            return true;
        }
        for (int i = moves.size() - 1; i >= 0; i--) {
            relocate(groups, owner, sums, graph, moves.get(i)[0], moves.get(i)[1]);
        }
        return false;
    }

    /**
     * The piece of {@code from} bordering group {@code to} with households nearest {@code wanted}
     * whose removal leaves {@code from} connected and not empty; -1 when there is none.
     */
    private static int handOver(Graph graph, BitSet from, int[] owner, int to, int wanted) {
        int best = -1;
        int bestGap = Integer.MAX_VALUE;
        for (int p = from.nextSetBit(0); p >= 0; p = from.nextSetBit(p + 1)) {
            int h = graph.households[p];
            int gap = Math.abs(h - wanted);
            if (h == 0 || gap >= bestGap || from.cardinality() == 1) {
                continue;
            }
            boolean borders = graph.neighbours.get(p).keySet().stream().anyMatch(q -> owner[q] == to);
            if (!borders) {
                continue;
            }
            from.clear(p);
            boolean connected = graph.connected(from);
            from.set(p);
            if (connected) {
                best = p;
                bestGap = gap;
            }
        }
        return best;
    }

    private static void relocate(List<BitSet> groups, int[] owner, Sums sums, Graph graph, int piece, int to) {
        int from = owner[piece];
        groups.get(from).clear(piece);
        groups.get(to).set(piece);
        owner[piece] = to;
        sums.move(from, to, graph.households[piece], graph.tall[piece]);
    }

    private boolean mergeNeighbours(Graph graph, List<BitSet> groups, int[] owner, Sums sums) {
        boolean changed = false;
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).isEmpty() || sums.distance(g) == 0) {
                continue;
            }
            int best = -1;
            double gain = 0;
            for (int q : graph.neighbourGroups(groups.get(g), owner)) {
                int merged = sums.households[g] + sums.households[q];
                int mergedTall = sums.tall[g] + sums.tall[q];
                // two subareas outside the band become one only if it lies no further outside
                // than the worse of them: 60 and 66 households stay two, not one of 126
                if (distance(merged, mergedTall) > Math.max(sums.distance(g), sums.distance(q))) {
                    continue;
                }
                double delta = sums.penalty(g, false) + sums.penalty(q, false) - penalty(merged, mergedTall, false);
                if (delta > gain) {
                    gain = delta;
                    best = q;
                }
            }
            if (best >= 0) {
                absorb(groups, owner, sums, best, g);
                changed = true;
            } else {
                changed |= mergeIntoLayers(graph, groups, owner, sums, g);
            }
        }
        return changed;
    }

    /**
     * Merges group {@code g} with two neighbouring groups when the three together can be cut into
     * floor layers inside the band: three lone towers of 66 households, which no pair of them can
     * fix, become one compound in two layers of 99. Kept when it lowers the penalty.
     */
    private boolean mergeIntoLayers(Graph graph, List<BitSet> groups, int[] owner, Sums sums, int g) {
        Set<Integer> near = graph.neighbourGroups(groups.get(g), owner);
        int bestQ = -1;
        int bestR = -1;
        double gain = 0;
        for (int q : near) {
            Set<Integer> thirds = new HashSet<>(near);
            thirds.addAll(graph.neighbourGroups(groups.get(q), owner));
            thirds.remove(g);
            thirds.remove(q);
            for (int r : thirds) {
                int households = sums.households[g] + sums.households[q] + sums.households[r];
                int tall = sums.tall[g] + sums.tall[q] + sums.tall[r];
                double delta = sums.penalty(g, false) + sums.penalty(q, false) + sums.penalty(r, false)
                        - penalty(households, tall, false);
                if (FloorLayers.count(households, tall, settings) > 1 && delta > gain) {
                    gain = delta;
                    bestQ = q;
                    bestR = r;
                }
            }
        }
        if (bestQ < 0) {
            return false;
        }
        absorb(groups, owner, sums, g, bestQ);
        absorb(groups, owner, sums, g, bestR);
        return true;
    }

    /** Moves every piece of group {@code from} into group {@code into}. */
    private static void absorb(List<BitSet> groups, int[] owner, Sums sums, int into, int from) {
        BitSet source = groups.get(from);
        for (int p = source.nextSetBit(0); p >= 0; p = source.nextSetBit(p + 1)) {
            owner[p] = into;
        }
        groups.get(into).or(source);
        source.clear();
        sums.move(from, into, sums.households[from], sums.tall[from]);
    }

    private boolean movePiece(Graph graph, List<BitSet> groups, int[] owner, Sums sums, int p) {
        int from = owner[p];
        BitSet source = groups.get(from);
        int h = graph.households[p];
        int t = graph.tall[p];
        int left = sums.households[from] - h;
        int leftTall = sums.tall[from] - t;
        boolean emptied = source.cardinality() == 1;
        double borderWithSource = 0;
        Map<Integer, Double> byGroup = new java.util.HashMap<>();
        for (Map.Entry<Integer, Double> e : graph.neighbours.get(p).entrySet()) {
            int q = owner[e.getKey()];
            if (q == from) {
                borderWithSource += e.getValue();
            } else {
                byGroup.merge(q, e.getValue(), Double::sum);
            }
        }
        int best = -1;
        double bestDelta = 0;
        double bestBorder = 0;
        for (Map.Entry<Integer, Double> e : byGroup.entrySet()) {
            int to = e.getKey();
            int gained = sums.households[to] + h;
            int gainedTall = sums.tall[to] + t;
            double delta = penalty(left, leftTall, emptied) + penalty(gained, gainedTall, false)
                    - sums.penalty(from, false) - sums.penalty(to, false);
            double worstBefore = Math.max(sums.distance(from), sums.distance(to));
            double worstAfter = Math.max(emptied ? 0 : distance(left, leftTall), distance(gained, gainedTall));
            if (worstAfter > worstBefore) {
                continue;
            }
            double borderGain = e.getValue() - borderWithSource;
            boolean better = delta < bestDelta - 1e-9
                    || (Math.abs(delta - bestDelta) <= 1e-9 && delta <= 0 && borderGain > bestBorder + 1e-6);
            if (better) {
                best = to;
                bestDelta = delta;
                bestBorder = borderGain;
            }
        }
        if (best < 0) {
            return false;
        }
        if (!emptied) {
            source.clear(p);
            if (!graph.connected(source)) {
                source.set(p);
                return false;
            }
        } else {
            source.clear(p);
        }
        groups.get(best).set(p);
        owner[p] = best;
        sums.move(from, best, h, t);
        return true;
    }

    /** Households of each group during the local search, and how many of them are in tall buildings. */
    private final class Sums {
        final int[] households;
        final int[] tall;

        Sums(int groups) {
            households = new int[groups];
            tall = new int[groups];
        }

        void move(int from, int to, int h, int t) {
            households[from] -= h;
            tall[from] -= t;
            households[to] += h;
            tall[to] += t;
        }

        double penalty(int g, boolean empty) {
            return SubareaGrower.this.penalty(households[g], tall[g], empty);
        }

        double distance(int g) {
            return SubareaGrower.this.distance(households[g], tall[g]);
        }
    }

    /** Pieces as a graph of shared edges. */
    private static final class Graph {
        final List<Map<Integer, Double>> neighbours;
        final int[] households;
        final int[] tall;
        final Coordinate[] centroids;

        Graph(List<Map<Integer, Double>> neighbours, int[] households, int[] tall, Coordinate[] centroids) {
            this.neighbours = neighbours;
            this.households = households;
            this.tall = tall;
            this.centroids = centroids;
        }

        int households(BitSet set) {
            return sum(households, set);
        }

        int tall(BitSet set) {
            return sum(tall, set);
        }

        private static int sum(int[] values, BitSet set) {
            int sum = 0;
            for (int p = set.nextSetBit(0); p >= 0; p = set.nextSetBit(p + 1)) {
                sum += values[p];
            }
            return sum;
        }

        int size(BitSet set) {
            return Math.max(1, set.cardinality());
        }

        double border(BitSet a, BitSet b) {
            double sum = 0;
            for (int p = a.nextSetBit(0); p >= 0; p = a.nextSetBit(p + 1)) {
                for (Map.Entry<Integer, Double> e : neighbours.get(p).entrySet()) {
                    if (b.get(e.getKey())) {
                        sum += e.getValue();
                    }
                }
            }
            return sum;
        }

        Set<Integer> neighbourGroups(BitSet set, int[] owner) {
            Set<Integer> groups = new HashSet<>();
            for (int p = set.nextSetBit(0); p >= 0; p = set.nextSetBit(p + 1)) {
                for (int q : neighbours.get(p).keySet()) {
                    if (!set.get(q)) {
                        groups.add(owner[q]);
                    }
                }
            }
            return groups;
        }

        boolean connected(BitSet set) {
            int first = set.nextSetBit(0);
            return first < 0 || reach(set, first).cardinality() == set.cardinality();
        }

        List<BitSet> components(BitSet set) {
            List<BitSet> result = new ArrayList<>();
            BitSet left = (BitSet) set.clone();
            for (int p = left.nextSetBit(0); p >= 0; p = left.nextSetBit(p + 1)) {
                BitSet component = reach(set, p);
                result.add(component);
                left.andNot(component);
            }
            return result;
        }

        private BitSet reach(BitSet set, int start) {
            BitSet seen = new BitSet();
            Deque<Integer> queue = new ArrayDeque<>();
            seen.set(start);
            queue.add(start);
            while (!queue.isEmpty()) {
                int p = queue.poll();
                for (int q : neighbours.get(p).keySet()) {
                    if (set.get(q) && !seen.get(q)) {
                        seen.set(q);
                        queue.add(q);
                    }
                }
            }
            return seen;
        }
    }
}
