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

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.jining.census.geo.LonLat;
import cn.jining.census.model.DivisionCode;
import cn.jining.census.security.Caller;
import cn.jining.census.security.Role;
import cn.jining.census.store.SubareaEditStore;
import cn.jining.census.store.SubareaStore;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Planners' edits of accepted subareas, answered with the area's new state and warnings.
 *
 * <table>
 * <caption>Edits</caption>
 * <tr><td>{@code POST /api/v1/subareas/{code}/split}</td><td>{@code {line, versions, reason}}: split along a
 * drawn line (GeoJSON LineString, lon/lat)</td></tr>
 * <tr><td>{@code POST /api/v1/subareas/{code}/merge}</td><td>{@code {with, versions, reason}}: absorb a neighbour</td></tr>
 * <tr><td>{@code POST /api/v1/subareas/{code}/move}</td><td>{@code {to, bid | point, versions, reason}}: move a
 * building (with the land nearest it) or the block at a point ([lon, lat]) to a neighbour</td></tr>
 * <tr><td>{@code POST /api/v1/subareas/{code}/redraw}</td><td>{@code {geometry, versions, reason}}: new shape (GeoJSON
 * Polygon), clipped to the area and cut from the neighbours</td></tr>
 * <tr><td>{@code POST /api/v1/areas/{area}/renumber}</td><td>{@code {version, reason}}: 001… in serpentine order</td></tr>
 * <tr><td>{@code POST /api/v1/areas/{area}/undo}</td><td>{@code {reason}}: back to the state before the latest edit</td></tr>
 * <tr><td>{@code GET /api/v1/areas/{area}/edits}</td><td>the edit log: who, when, what, why, before, after</td></tr>
 * </table>
 *
 * <p>{@code versions} maps each subarea code the edit touches to the version the planner saw: a
 * stale one is 409. An edit that would cut a building, tear a subarea apart, swallow a neighbour or
 * pass the hard limit is 422 with the reason. 403 outside the caller's streets, 404 for an unknown
 * subarea or an area without accepted subareas.
 */
@Path("/api/v1")
@RolesAllowed({ Role.ADMIN, Role.PLANNER })
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EditResource {

    /** The body of an edit; which fields count depends on the edit. */
    public record EditRequest(JsonNode line, JsonNode geometry, String with, String to, String bid, List<Double> point,
            Map<String, Long> versions, Long version, String reason) {
    }

    /** The area after an edit. */
    public record EditAnswer(String area, long version, List<String> changed, List<String> deleted, List<String> warnings,
            ObjectNode features) {
    }

    private final EditSubareas edits;
    private final SubareaStore subareas;
    private final SubareaEditStore history;
    private final SecurityIdentity identity;
    private final SubareaFeatures features;
    private final DelineationSettings settings;
    private final GeoJsonReader geoJson = new GeoJsonReader(new GeometryFactory());

    public EditResource(EditSubareas edits, SubareaStore subareas, SubareaEditStore history, SecurityIdentity identity,
            ObjectMapper json, SubareaSettings settings) {
        this.edits = edits;
        this.subareas = subareas;
        this.history = history;
        this.identity = identity;
        this.features = new SubareaFeatures(json);
        this.settings = settings.toSettings();
    }

    @POST
    @Path("subareas/{code}/split")
    public EditAnswer split(@PathParam("code") String code, EditRequest body) throws Exception {
        Geometry line = lonLat(body == null ? null : body.line(), "line", "LineString");
        return edit(code, body, List.of(code), "split",
                (editor, tiles, residents, newCode) -> editor.split(tiles, residents, code, line, newCode));
    }

    @POST
    @Path("subareas/{code}/merge")
    public EditAnswer merge(@PathParam("code") String code, EditRequest body) throws Exception {
        String with = subareaCode(body == null ? null : body.with(), "with");
        sameArea(code, with);
        return edit(code, body, List.of(code, with), "merge",
                (editor, tiles, residents, newCode) -> editor.merge(tiles, residents, code, with));
    }

    @POST
    @Path("subareas/{code}/move")
    public EditAnswer move(@PathParam("code") String code, EditRequest body) throws Exception {
        String to = subareaCode(body == null ? null : body.to(), "to");
        sameArea(code, to);
        if (body.bid() != null && !body.bid().isBlank()) {
            return edit(code, body, List.of(code, to), "move-building",
                    (editor, tiles, residents, newCode) -> editor.moveBuilding(tiles, residents, code, to, body.bid().strip()));
        }
        if (body.point() == null || body.point().size() != 2) {
            throw new BadRequestException("bid or point: the building id, or the point [lon, lat] of the block to move");
        }
        Point at = (Point) LonLat.toEpsg4548(new GeometryFactory().createPoint(
                new org.locationtech.jts.geom.Coordinate(body.point().get(0), body.point().get(1))));
        List<Geometry> barriers = edits.barrierLines(code.substring(0, 12));
        return edit(code, body, List.of(code, to), "move-block",
                (editor, tiles, residents, newCode) -> editor.moveBlock(tiles, residents, code, to, at, barriers));
    }

    @POST
    @Path("subareas/{code}/redraw")
    public EditAnswer redraw(@PathParam("code") String code, EditRequest body) throws Exception {
        Geometry shape = lonLat(body == null ? null : body.geometry(), "geometry", "Polygon");
        return edit(code, body, List.of(code), "redraw",
                (editor, tiles, residents, newCode) -> editor.redraw(tiles, residents, code, shape));
    }

    @POST
    @Path("areas/{area}/renumber")
    public EditAnswer renumber(@PathParam("area") String area, EditRequest body) throws Exception {
        areaCode(area);
        if (body == null || body.version() == null) {
            throw new BadRequestException("version: the area's version the renumbering is made on is required");
        }
        return answer(area, guard(() -> edits.renumber(area, body.version(), who(), body.reason())));
    }

    @POST
    @Path("areas/{area}/undo")
    public EditAnswer undo(@PathParam("area") String area, EditRequest body) throws Exception {
        areaCode(area);
        Long version = guard(() -> edits.undo(area, who(), body == null ? null : body.reason()));
        if (version == null) {
            throw new ClientErrorException("area: no edit of " + area + " left to undo", 409);
        }
        return answer(area, new EditSubareas.Result(version, List.of(), List.of(), List.of()));
    }

    @GET
    @Path("areas/{area}/edits")
    public List<Map<String, Object>> edits(@PathParam("area") String area, @QueryParam("limit") Integer limit)
            throws SQLException {
        areaCode(area);
        return history.history(area, limit == null ? 100 : Math.max(1, Math.min(limit, 1000)));
    }

    // ---- shared ----

    @FunctionalInterface
    private interface Call<T> {
        T run() throws Exception;
    }

    /** Runs an edit, answering stale versions 409, refused edits 422 and missing subareas 404. */
    private <T> T guard(Call<T> call) throws Exception {
        try {
            return call.run();
        } catch (EditSubareas.Stale e) {
            throw new ClientErrorException("versions: " + e.getMessage(), 409);
        } catch (SubareaEditor.Refused e) {
            throw new ClientErrorException(e.getMessage(), 422);
        } catch (SubareaEditStore.NothingToEdit e) {
            throw new NotFoundException("area: " + e.getMessage());
        }
    }

    private EditAnswer edit(String code, EditRequest body, List<String> touched, String action, EditSubareas.Operation op)
            throws Exception {
        subareaCode(code, "code");
        Map<String, Long> versions = body.versions() == null ? Map.of() : body.versions();
        for (String c : touched) {
            if (!versions.containsKey(c)) {
                throw new BadRequestException("versions: the version of " + c + " as you saw it is required");
            }
        }
        String area = code.substring(0, 12);
        return answer(area, guard(() -> edits.run(area, versions, who(), action, body.reason(), op)));
    }

    private EditAnswer answer(String area, EditSubareas.Result result) throws SQLException {
        List<SubareaFeatures.Row> rows = subareas.subareas(area).stream().map(s -> features.row(s, settings)).toList();
        return new EditAnswer(area, result.areaVersion(), result.changed(), result.deleted(), result.warnings(),
                features.collection(rows));
    }

    private String who() {
        return identity.getPrincipal().getName();
    }

    private String subareaCode(String code, String field) {
        if (code == null || DivisionCode.parse(code).filter(c -> c.level() == DivisionCode.Level.SUBAREA).isEmpty()) {
            throw new BadRequestException(field + ": a census subarea code of 15 digits is required, got '" + code + "'");
        }
        allowed(code);
        return code;
    }

    private void areaCode(String code) {
        if (DivisionCode.parse(code).filter(c -> c.level() == DivisionCode.Level.AREA).isEmpty()) {
            throw new BadRequestException("area: a census area code of 12 digits is required, got '" + code + "'");
        }
        allowed(code);
    }

    private static void sameArea(String a, String b) {
        if (!a.substring(0, 12).equals(b.substring(0, 12))) {
            throw new ClientErrorException("subareas " + a + " and " + b + " lie in different census areas", 422);
        }
    }

    private void allowed(String code) {
        if (!Caller.of(identity).mayTouch(code)) {
            throw new ForbiddenException("code: " + code + " is outside your streets");
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
            return LonLat.toEpsg4548(g);
        } catch (ParseException e) {
            throw new BadRequestException(field + ": not GeoJSON: " + e.getMessage());
        }
    }
}
