package cn.jining.census.progress;

/**
 * The progress of one unit (subarea, area, street office or district).
 *
 * @param buildings            buildings (or parts of vertically split ones) registered in the unit
 * @param visited              of them, reported 已登记, 空户 or 拒访
 * @param households           households counted for the unit before collection
 * @param householdsRegistered households the reports of 已登记 buildings registered
 * @param conflicts            conflicting reports waiting for a look
 * @param marked               buildings added or changed on the ground (pre-listing)
 * @param completion           visited over buildings, 0 when there are none
 * @param behind               completion below the expected share of the day
 */
public record Tally(String code, String name, int subareas, int buildings, int visited, int registered, int vacant,
        int refused, int households, int householdsRegistered, int conflicts, int marked, double completion,
        boolean behind) {

    /** Sums counts; completion and behind are computed by {@link #settle}. */
    Tally plus(Tally o) {
        return new Tally(code, name, subareas + o.subareas, buildings + o.buildings, visited + o.visited,
                registered + o.registered, vacant + o.vacant, refused + o.refused, households + o.households,
                householdsRegistered + o.householdsRegistered, conflicts + o.conflicts, marked + o.marked, 0, false);
    }

    /** The same counts under another unit's code and name. */
    Tally as(String unitCode, String unitName) {
        return new Tally(unitCode, unitName, subareas, buildings, visited, registered, vacant, refused, households,
                householdsRegistered, conflicts, marked, completion, behind);
    }

    /** Completion worked out, and compared with {@code expected} (0 to 1). */
    Tally settle(double expected) {
        double share = buildings == 0 ? 0 : (double) visited / buildings;
        return new Tally(code, name, subareas, buildings, visited, registered, vacant, refused, households,
                householdsRegistered, conflicts, marked, Math.round(share * 10000) / 10000.0, share < expected);
    }
}
