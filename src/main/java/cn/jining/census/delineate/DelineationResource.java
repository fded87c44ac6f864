package cn.jining.census.delineate;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.jining.census.model.DivisionCode;
import cn.jining.census.security.Caller;
import cn.jining.census.security.Role;
import cn.jining.census.store.SubareaStore;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * {@code POST /api/v1/delineations} {@code {"scope": CODE, "accept": false, "replace": false}}:
 * delineates the census areas of a street (9 digits) or one area (12) automatically and answers
 * the proposal per area, with its subareas as GeoJSON; with {@code "accept": true} the result is
 * also written. Areas whose subareas were accepted before are kept ({@code "status": "kept"})
 * unless {@code "replace": true}; for a single area that is a 409.
 *
 * <p>Planners may delineate their own streets, administrators any: 403 otherwise; 404 for a code
 * that names no street or area; 400 names the field that is wrong.
 */
@Path("/api/v1/delineations")
@RolesAllowed({ Role.ADMIN, Role.PLANNER })
public class DelineationResource {

    /** What a caller sends. */
    public record Request(String scope, Boolean accept, Boolean replace) {
    }

    /** A subarea outside the band and why. */
    public record OutOfBand(String code, int households, String reason) {
    }

    /** A building a road or river outline runs through, and the share of it in the block it went to. */
    public record CutBuilding(String bid, double share) {
    }

    /**
     * One area's outcome.
     *
     * @param status {@code proposed}, {@code accepted} or {@code kept}
     */
    public record AreaAnswer(String area, String name, String status, String message, int subareas, int inBand,
            int households, int blocks, int pieces, List<CutBuilding> cutBuildings, List<OutOfBand> exceptions,
            ObjectNode features) {
    }

    /** The answer: settings used, time taken and every area's outcome. */
    public record Answer(String scope, boolean accept, DelineationSettings settings, double seconds, int subareas,
            int inBand, List<AreaAnswer> areas) {
    }

    private final DelineateScope delineate;
    private final SubareaStore subareas;
    private final SecurityIdentity identity;
    private final SubareaFeatures features;

    public DelineationResource(DelineateScope delineate, SubareaStore subareas, SecurityIdentity identity, ObjectMapper json) {
        this.delineate = delineate;
        this.subareas = subareas;
        this.identity = identity;
        this.features = new SubareaFeatures(json);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Answer delineate(Request request) throws SQLException, InterruptedException {
        if (request == null || request.scope() == null) {
            throw new BadRequestException("scope: a street (9 digits) or census area (12 digits) code is required");
        }
        DivisionCode scope = DivisionCode.parse(request.scope().strip())
                .filter(c -> c.level() == DivisionCode.Level.STREET || c.level() == DivisionCode.Level.AREA)
                .orElseThrow(() -> new BadRequestException(
                        "scope: '" + request.scope() + "' is not a street (9 digits) or census area (12 digits) code"));
        if (!Caller.of(identity).mayTouch(scope.value())) {
            throw new ForbiddenException("scope: " + scope + " is outside your streets");
        }
        List<String> codes = delineate.areaCodes(scope.value());
        if (codes.isEmpty()) {
            throw new NotFoundException("scope: no street or census area " + scope);
        }
        boolean accept = Boolean.TRUE.equals(request.accept());
        boolean replace = Boolean.TRUE.equals(request.replace());
        long start = System.nanoTime();
        List<DelineateScope.Outcome> outcomes = delineate.run(codes, accept, replace, identity.getPrincipal().getName());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (scope.level() == DivisionCode.Level.AREA && outcomes.get(0).acceptance() == SubareaStore.Acceptance.KEPT) {
            throw new ClientErrorException("scope: census area " + scope + " has accepted subareas, which may hold "
                    + "planners' work; send \"replace\": true to overwrite them", 409);
        }
        DelineationSettings settings = delineate.settings();
        List<AreaAnswer> areas = new ArrayList<>();
        int total = 0;
        int inBand = 0;
        for (DelineateScope.Outcome o : outcomes) {
            AreaAnswer a = answer(o, settings);
            areas.add(a);
            total += a.subareas();
            inBand += a.inBand();
        }
        return new Answer(scope.value(), accept, settings, Math.round(seconds * 1000) / 1000.0, total, inBand, areas);
    }

    private AreaAnswer answer(DelineateScope.Outcome o, DelineationSettings settings) throws SQLException {
        AreaDelineation d = o.delineation();
        List<AreaDelineation.Subarea> numbered = d.subareas().stream().filter(s -> !s.virtual()).toList();
        int inBand = (int) numbered.stream().filter(s -> settings.inBand(s.households())).count();
        int households = d.subareas().stream().mapToInt(AreaDelineation.Subarea::households).sum();
        List<CutBuilding> cut = d.cutBuildings().stream()
                .map(b -> new CutBuilding(b.bid(), Math.round(b.share() * 1000) / 1000.0)).toList();
        List<OutOfBand> exceptions = d.exceptions().stream()
                .map(s -> new OutOfBand(s.code(), s.households(), s.exception())).toList();
        String status;
        String message;
        ObjectNode fc;
        if (o.acceptance() == null) {
            status = "proposed";
            message = "方案未保存：确认后写入";
            fc = features.collection(d.subareas().stream().map(s -> SubareaFeatures.row(s, settings)).toList());
        } else if (o.acceptance() == SubareaStore.Acceptance.KEPT) {
            status = "kept";
            message = "已有确认的普查小区，未覆盖（如需覆盖请传 replace: true）";
            fc = features.collection(subareas.subareas(d.areaCode()).stream().map(s -> features.row(s, settings)).toList());
        } else {
            status = "accepted";
            message = "已确认并保存";
            fc = features.collection(subareas.subareas(d.areaCode()).stream().map(s -> features.row(s, settings)).toList());
        }
        return new AreaAnswer(d.areaCode(), o.areaName(), status, message, numbered.size(), inBand, households,
                d.blocks(), d.pieces(), cut, exceptions, fc);
    }
}
