package cn.jining.census.progress;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.jining.census.model.DivisionCode;
import cn.jining.census.security.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Progress against the census calendar.
 *
 * <ul>
 * <li>{@code GET /api/v1/progress?scope=CODE[&date=YYYY-MM-DD]}: the scope's tally, and one per
 * street office, census area and subarea under it, with the phase of the day and the share of
 * buildings expected visited by then.</li>
 * <li>{@code GET /api/v1/progress/map?scope=CODE[&date=]}: the subareas as GeoJSON (EPSG:4326)
 * with their tally as properties, for the progress map.</li>
 * </ul>
 * The day defaults to today in China Standard Time. Any role, inside its scopes (403 outside);
 * 400 for a malformed scope or date, 404 for a division that is not loaded.
 */
@Path("/api/v1/progress")
@Authenticated
public class ProgressResource {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** The answer of {@code GET /api/v1/progress}. */
    public record Progress(String scope, String name, LocalDate date, CensusCalendar.Phase phase, double expected,
            List<CensusCalendar.Phase> calendar, Tally total, List<Tally> streets, List<Tally> areas, List<Tally> subareas) {
    }

    private final ProgressQuery query;
    private final CensusCalendar calendar;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    public ProgressResource(ProgressQuery query, CensusCalendar calendar, SecurityIdentity identity, ObjectMapper json) {
        this.query = query;
        this.calendar = calendar;
        this.identity = identity;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Progress of a district, street office, census area or subarea against the census calendar")
    public Progress progress(@Parameter(description = "division code of 6, 9, 12 or 15 digits") @QueryParam("scope") String scope,
            @Parameter(description = "ISO date; today (Asia/Shanghai) by default") @QueryParam("date") String date)
            throws SQLException {
        String code = scope(scope);
        String name = query.nameOf(code).orElseThrow(() -> new NotFoundException("scope: no division " + code + " is loaded"));
        LocalDate day = day(date);
        double expected = calendar.expectedOn(day);
        ProgressQuery.Rollup rollup = query.rollup(code, name, expected);
        return new Progress(code, name, day, calendar.phaseOn(day).orElse(null), expected, calendar.phases(),
                rollup.scope(), rollup.streets(), rollup.areas(), rollup.subareas());
    }

    @GET
    @Path("map")
    @Produces({ "application/geo+json", MediaType.APPLICATION_JSON })
    @Operation(summary = "The scope's subareas as GeoJSON with their progress, for the progress map")
    public ObjectNode map(@QueryParam("scope") String scope, @QueryParam("date") String date) throws SQLException {
        Progress progress = progress(scope, date);
        Map<String, String> outlines = query.outlines(progress.scope());
        ObjectNode collection = json.createObjectNode().put("type", "FeatureCollection");
        collection.put("expected", progress.expected());
        ArrayNode features = collection.putArray("features");
        for (Tally t : progress.subareas()) {
            String outline = outlines.get(t.code());
            if (outline == null) {
                continue;
            }
            ObjectNode feature = features.addObject().put("type", "Feature");
            try {
                feature.set("geometry", json.readTree(outline));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("PostGIS sent unreadable GeoJSON", e);
            }
            feature.set("properties", json.valueToTree(t));
        }
        return collection;
    }

    private String scope(String scope) {
        if (scope == null || DivisionCode.parse(scope.strip()).isEmpty()) {
            throw new BadRequestException("scope: a division code of 6, 9, 12 or 15 digits is required, got '" + scope + "'");
        }
        String code = scope.strip();
        if (!Caller.of(identity).mayTouch(code)) {
            throw new ForbiddenException("scope: " + code + " is outside your scopes");
        }
        return code;
    }

    private static LocalDate day(String date) {
        if (date == null || date.isBlank()) {
            return LocalDate.now(CHINA);
        }
        try {
            return LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("date: an ISO date such as 2020-11-08 is required, got '" + date + "'");
        }
    }
}
