package cn.jining.census.serve;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import cn.jining.census.model.DivisionCode;
import cn.jining.census.serve.GeographyQuery.AreaSummary;
import cn.jining.census.serve.GeographyQuery.DistrictSummary;
import cn.jining.census.serve.GeographyQuery.StreetSummary;
import io.quarkus.security.Authenticated;

/**
 * The census hierarchy as the web map lists it: district, street offices, census areas, each
 * with counts and a bbox in EPSG:4326 degrees. Every role may read it.
 */
@Path("/api/v1")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class GeographyResource {

    private final GeographyQuery geography;

    public GeographyResource(GeographyQuery geography) {
        this.geography = geography;
    }

    /** Every loaded street office, ordered by code. */
    @GET
    @Path("/streets")
    public List<StreetSummary> streets() throws SQLException {
        return geography.streets();
    }

    /**
     * The census areas of one street office, ordered by code.
     *
     * @param street 9-digit street code (required): 400 when missing or malformed, 404 when no
     *               such street is loaded
     */
    @GET
    @Path("/areas")
    public List<AreaSummary> areas(@QueryParam("street") String street) throws SQLException {
        if (street == null || street.isBlank()) {
            throw new BadRequestException("query parameter 'street' is required: the 9-digit code of a street office, "
                    + "e.g. ?street=370871001");
        }
        if (DivisionCode.parse(street).filter(c -> c.level() == DivisionCode.Level.STREET).isEmpty()) {
            throw new BadRequestException("query parameter 'street' must be a 9-digit street code, got '" + street + "'");
        }
        return geography.areasOf(street)
                .orElseThrow(() -> new NotFoundException("street " + street + " is not loaded"));
    }

    /**
     * The district the web map opens on: its code, name, bbox and how many streets and areas are
     * loaded.
     *
     * @param code optional 6-digit district code; without it, the district with the most loaded
     *             streets. 400 when malformed, 404 when nothing of it is loaded.
     */
    @GET
    @Path("/district")
    public DistrictSummary district(@QueryParam("code") String code) throws SQLException {
        Optional<String> wanted = Optional.ofNullable(code).filter(c -> !c.isBlank());
        if (wanted.isPresent()
                && DivisionCode.parse(wanted.get()).filter(c -> c.level() == DivisionCode.Level.DISTRICT).isEmpty()) {
            throw new BadRequestException("query parameter 'code' must be a 6-digit district code, got '" + code + "'");
        }
        return geography.district(wanted).orElseThrow(() -> new NotFoundException(wanted
                .map(c -> "district " + c + " is not loaded")
                .orElse("no district is loaded yet: import a delivery first")));
    }
}
