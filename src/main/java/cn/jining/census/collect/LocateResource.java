package cn.jining.census.collect;

import java.sql.SQLException;
import java.util.Optional;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import cn.jining.census.security.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * {@code GET /api/v1/locate?lon=&lat=}: the street office, census area and census subarea at a
 * point, and whether the subarea is the caller's. Any role may ask: the codes of the district's
 * divisions are public census geography; what lies inside another person's subarea is not
 * answered here.
 */
@Path("/api/v1/locate")
@Authenticated
public class LocateResource {

    /** China's extent in degrees: a point outside it is a swapped or mistyped coordinate. */
    static final double MIN_LON = 73, MAX_LON = 136, MIN_LAT = 3, MAX_LAT = 54;

    /** A division at the point. */
    public record Unit(String code, String name) {
    }

    /**
     * The answer.
     *
     * @param mine true when the subarea lies inside one of the caller's scopes (an administrator,
     *             who holds no scopes, gets false)
     */
    public record Located(double lon, double lat, Unit street, Unit area, Unit subarea, boolean mine) {
    }

    private final LocateQuery query;
    private final SecurityIdentity identity;

    public LocateResource(LocateQuery query, SecurityIdentity identity) {
        this.query = query;
        this.identity = identity;
    }

    /**
     * Answered on the I/O thread when the outlines in memory tell (nearly every point), so that a
     * burst of look-ups costs no thread hand-off and no pile of runnable worker threads on a small
     * machine; a point near a boundary, or a due check of the index, goes to a worker thread,
     * which may wait for the database.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Street, area and subarea at a point",
            description = "Boundary points go to the smallest code among the units whose closed polygon holds the point. "
                    + "400 naming lon or lat when missing, not a number or outside China (73–136°E, 3–54°N).")
    public Uni<Located> locate(@Parameter(description = "longitude, degrees EPSG:4326") @QueryParam("lon") String lon,
            @Parameter(description = "latitude, degrees EPSG:4326") @QueryParam("lat") String lat) {
        double x = degrees(lon, "lon", MIN_LON, MAX_LON);
        double y = degrees(lat, "lat", MIN_LAT, MAX_LAT);
        Caller caller = Caller.of(identity);
        Optional<LocateQuery.Place> known = query.fromMemory(x, y);
        if (known.isPresent()) {
            return Uni.createFrom().item(located(x, y, known.get(), caller));
        }
        return Uni.createFrom().deferred(() -> {
            try {
                return Uni.createFrom().item(located(x, y, query.at(x, y), caller));
            } catch (SQLException e) {
                return Uni.createFrom().<Located>failure(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static Located located(double lon, double lat, LocateQuery.Place place, Caller caller) {
        boolean mine = place.subareaCode() != null && caller.scopes().stream().anyMatch(place.subareaCode()::startsWith);
        return new Located(lon, lat, unit(place.streetCode(), place.streetName()), unit(place.areaCode(), place.areaName()),
                unit(place.subareaCode(), null), mine);
    }

    private static Unit unit(String code, String name) {
        return code == null ? null : new Unit(code, name);
    }

    static double degrees(String text, String field, double min, double max) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException(field + ": required, degrees between " + min + " and " + max);
        }
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestException(field + ": not a number: '" + text + "'");
        }
        if (!(value >= min && value <= max)) {
            throw new BadRequestException(field + ": " + text + " lies outside " + min + "–" + max + " degrees");
        }
        return value;
    }
}
