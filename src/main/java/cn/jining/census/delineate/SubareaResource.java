package cn.jining.census.delineate;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.jining.census.geo.ToEpsg4548;
import cn.jining.census.model.DivisionCode;
import cn.jining.census.security.Caller;
import cn.jining.census.security.Role;
import cn.jining.census.store.SubareaStore;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Accepted census subareas, and planners' edits of them.
 *
 * <ul>
 * <li>{@code GET /api/v1/subareas?area=CODE}: the area's subareas as a GeoJSON FeatureCollection
 * (EPSG:4326; properties in {@link SubareaFeatures}) with the area's version as foreign member
 * {@code area_version}; empty when none were accepted yet.</li>
 * <li>{@code GET /api/v1/subareas/{code}}: one subarea with the buildings it registers, the
 * households used for each and where that number comes from.</li>
 * <li>{@code POST /api/v1/subareas/{code}/split} {@code {line, versions, reason}}: split along a
 * drawn line (GeoJSON LineString, lon/lat).</li>
 * <li>{@code POST /api/v1/subareas/{code}/merge} {@code {with, versions, reason}}: absorb a neighbour.</li>
 * <li>{@code POST /api/v1/subareas/{code}/move} {@code {to, bid | point, versions, reason}}: move a
 * building (with the land nearest it) or the block at a point ([lon, lat]) to a neighbour.</li>
 * <li>{@code POST /api/v1/subareas/{code}/redraw} {@code {geometry, versions, reason}}: a new shape
 * (GeoJSON Polygon), clipped to the area and cut from the neighbours.</li>
 * </ul>
 *
 * <p>{@code versions} maps each subarea code an edit touches to the version the planner saw: a
 * stale one is 409. An edit that would cut a building, tear a subarea apart, swallow a neighbour or
 * pass the hard limit is 422 with the reason; the answer to a committed edit is described in
 * {@link EditReplies}. 400 for a malformed code or body, 403 outside the caller's scopes (edits:
 * planners of the street, administrators), 404 for an unknown area or subarea.
 */
@Path("/api/v1/subareas")
@Authenticated
public class SubareaResource {

    public static final String GEO_JSON = "application/geo+json";

    /** Drawn lines and shapes arrive in longitude, latitude (x first). */
    private static final ToEpsg4548 LONLAT_TO_4548 = new ToEpsg4548(4490, false);

    /** One subarea and its buildings. */
    public record Detail(String code, int households, boolean virtual, String verticalOf, long version, String exception,
            List<SubareaStore.StoredMember> buildings) {
    }

    /** The body of an edit; which fields count depends on the edit. */
    public record EditRequest(JsonNode line, JsonNode geometry, String with, String to, String bid, List<Double> point,
            Map<String, Long> versions, String reason) {
    }

    private final SubareaStore subareas;
    private final EditSubareas edits;
    private final EditReplies replies;
    private final SecurityIdentity identity;
    private final SubareaFeatures features;
    private final DelineationSettings settings;
    private final GeoJsonReader geoJson = new GeoJsonReader(new GeometryFactory());

    public SubareaResource(SubareaStore subareas, EditSubareas edits, EditReplies replies, SecurityIdentity identity,
            ObjectMapper json, SubareaSettings settings) {
        this.subareas = subareas;
        this.edits = edits;
        this.replies = replies;
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
        subareaCode(code, "code");
        SubareaStore.StoredSubarea s = subareas.subareas(code.substring(0, 12)).stream()
                .filter(x -> x.code().equals(code)).findFirst()
                .orElseThrow(() -> new NotFoundException("code: no census subarea " + code));
        return new Detail(s.code(), s.households(), s.virtual(), s.verticalOf(), s.version(), s.exception(),
                subareas.members(code));
    }

    @POST
    @Path("{code}/split")
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public EditReplies.EditAnswer split(@PathParam("code") String code, EditRequest body) throws Exception {
        subareaCode(code, "code");
        Geometry line = lonLat(body == null ? null : body.line(), "line", "LineString");
        return edit(code, body, List.of(code), "split",
                (editor, tiles, residents, newCode) -> editor.split(tiles, residents, code, line, newCode));
    }

    @POST
    @Path("{code}/merge")
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public EditReplies.EditAnswer merge(@PathParam("code") String code, EditRequest body) throws Exception {
        subareaCode(code, "code");
        String with = subareaCode(body == null ? null : body.with(), "with");
        sameArea(code, with);
        return edit(code, body, List.of(code, with), "merge",
                (editor, tiles, residents, newCode) -> editor.merge(tiles, residents, code, with));
    }

    @POST
    @Path("{code}/move")
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public EditReplies.EditAnswer move(@PathParam("code") String code, EditRequest body) throws Exception {
        subareaCode(code, "code");
        String to = subareaCode(body == null ? null : body.to(), "to");
        sameArea(code, to);
        if (body.bid() != null && !body.bid().isBlank()) {
            String bid = body.bid().strip();
            return edit(code, body, List.of(code, to), "move-building",
                    (editor, tiles, residents, newCode) -> editor.moveBuilding(tiles, residents, code, to, bid));
        }
        if (body.point() == null || body.point().size() != 2) {
            throw new BadRequestException("bid or point: the building id, or the point [lon, lat] of the block to move");
        }
        Point at = (Point) LONLAT_TO_4548.apply(new GeometryFactory().createPoint(
                new Coordinate(body.point().get(0), body.point().get(1))));
        List<Geometry> barriers = EditReplies.guard(() -> edits.barrierLines(code.substring(0, 12)));
        return edit(code, body, List.of(code, to), "move-block",
                (editor, tiles, residents, newCode) -> editor.moveBlock(tiles, residents, code, to, at, barriers));
    }

    @POST
    @Path("{code}/redraw")
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public EditReplies.EditAnswer redraw(@PathParam("code") String code, EditRequest body) throws Exception {
        subareaCode(code, "code");
        Geometry shape = lonLat(body == null ? null : body.geometry(), "geometry", "Polygon");
        return edit(code, body, List.of(code), "redraw",
                (editor, tiles, residents, newCode) -> editor.redraw(tiles, residents, code, shape));
    }

    private EditReplies.EditAnswer edit(String code, EditRequest body, List<String> touched, String action,
            EditSubareas.Operation op) throws Exception {
        Map<String, Long> versions = body.versions() == null ? Map.of() : body.versions();
        for (String c : touched) {
            if (!versions.containsKey(c)) {
                throw new BadRequestException("versions: the version of " + c + " as you saw it is required");
            }
        }
        String area = code.substring(0, 12);
        String actor = identity.getPrincipal().getName();
        return replies.answer(area, EditReplies.guard(() -> edits.run(area, versions, actor, action, body.reason(), op)));
    }

    private String subareaCode(String code, String field) {
        if (code == null || DivisionCode.parse(code).filter(c -> c.level() == DivisionCode.Level.SUBAREA).isEmpty()) {
            throw new BadRequestException(field + ": a census subarea code of 15 digits is required, got '" + code + "'");
        }
        allowed(code);
        return code;
    }

    private static void sameArea(String a, String b) {
        if (!a.substring(0, 12).equals(b.substring(0, 12))) {
            throw new ClientErrorException("subareas " + a + " and " + b + " lie in different census areas", 422);
        }
    }

    private void allowed(String code) {
        if (!Caller.of(identity).mayTouch(code)) {
            throw new ForbiddenException("code: " + code + " is outside your scopes");
        }
    }

    private Geometry lonLat(JsonNode node, String field, String type) {
        if (node == null || node.isNull()) {
            throw new BadRequestException(field + ": a GeoJSON " + type + " in lon/lat is required");
        }
        try {
            Geometry g = geoJson.read(node.toString());
            if (!g.getGeometryType().equals(type) || g.isEmpty() || !g.isValid()) {
                throw new BadRequestException(field + ": a valid GeoJSON " + type + " is required, got " + g.getGeometryType());
            }
            return LONLAT_TO_4548.apply(g);
        } catch (ParseException e) {
            throw new BadRequestException(field + ": not GeoJSON: " + e.getMessage());
        }
    }
}
