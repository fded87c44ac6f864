package cn.jining.census.delineate;

import java.sql.SQLException;
import java.util.List;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.jining.census.model.DivisionCode;
import cn.jining.census.security.Caller;
import cn.jining.census.store.SubareaStore;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Accepted census subareas.
 *
 * <ul>
 * <li>{@code GET /api/v1/subareas?area=CODE}: the area's subareas as a GeoJSON FeatureCollection
 * (EPSG:4326; properties in {@link SubareaFeatures}) with the area's version as foreign member
 * {@code area_version}; empty when none were accepted yet.</li>
 * <li>{@code GET /api/v1/subareas/{code}}: one subarea with the buildings it registers, the
 * households used for each and where that number comes from.</li>
 * </ul>
 * 400 for a malformed code, 403 outside the caller's scopes, 404 for an unknown area or subarea.
 */
@Path("/api/v1/subareas")
@Authenticated
public class SubareaResource {

    public static final String GEO_JSON = "application/geo+json";

    /** One subarea and its buildings. */
    public record Detail(String code, int households, boolean virtual, String verticalOf, long version, String exception,
            List<SubareaStore.StoredMember> buildings) {
    }

    private final SubareaStore subareas;
    private final SecurityIdentity identity;
    private final SubareaFeatures features;
    private final DelineationSettings settings;

    public SubareaResource(SubareaStore subareas, SecurityIdentity identity, ObjectMapper json, SubareaSettings settings) {
        this.subareas = subareas;
        this.identity = identity;
        this.features = new SubareaFeatures(json);
        this.settings = settings.toSettings();
    }

    @GET
    @Produces({ GEO_JSON, MediaType.APPLICATION_JSON })
    public Response ofArea(@QueryParam("area") String area) throws SQLException {
        if (area == null || DivisionCode.parse(area.strip()).filter(c -> c.level() == DivisionCode.Level.AREA).isEmpty()) {
            throw new BadRequestException("area: a census area code of 12 digits is required, got '" + area + "'");
        }
        String code = area.strip();
        allowed(code);
        if (!subareas.areaExists(code)) {
            throw new NotFoundException("area: no census area " + code);
        }
        List<SubareaFeatures.Row> rows = subareas.subareas(code).stream().map(s -> features.row(s, settings)).toList();
        ObjectNode collection = features.collection(rows);
        // the version an area-wide edit (renumbering) is made on; null before any acceptance
        collection.put("area_version", subareas.areaVersion(code).orElse(null));
        return Response.ok(collection, GEO_JSON).build();
    }

    @GET
    @Path("{code}")
    @Produces(MediaType.APPLICATION_JSON)
    public Detail one(@PathParam("code") String code) throws SQLException {
        if (DivisionCode.parse(code).filter(c -> c.level() == DivisionCode.Level.SUBAREA).isEmpty()) {
            throw new BadRequestException("code: a census subarea code of 15 digits is required, got '" + code + "'");
        }
        allowed(code);
        SubareaStore.StoredSubarea s = subareas.subareas(code.substring(0, 12)).stream()
                .filter(x -> x.code().equals(code)).findFirst()
                .orElseThrow(() -> new NotFoundException("code: no census subarea " + code));
        return new Detail(s.code(), s.households(), s.virtual(), s.verticalOf(), s.version(), s.exception(),
                subareas.members(code));
    }

    private void allowed(String code) {
        if (!Caller.of(identity).mayTouch(code)) {
            throw new ForbiddenException("code: " + code + " is outside your scopes");
        }
    }
}
