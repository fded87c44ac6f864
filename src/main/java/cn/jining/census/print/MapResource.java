package cn.jining.census.print;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

import cn.jining.census.security.Caller;

/**
 * Printed census subarea maps (普查小区图) as PDF ({@link SubareaMapPdf}).
 *
 * <pre>
 * GET /api/v1/maps/{subareaCode}.pdf    one subarea: its map page and, when long, the rest of its building list
 * GET /api/v1/maps?scope=CODE           every subarea of a census area (12 digits) or street (9), in code order
 * </pre>
 *
 * Any role may print inside its scopes: 403 outside them, 404 for a subarea or scope without
 * printable subareas (virtual subareas have no map), 400 for a malformed code. A batch is written
 * page by page as it is sent, so a street of a few hundred subareas never sits in memory whole.
 */
@Path("/api/v1/maps")
@Authenticated
public class MapResource {

    static final String PDF = "application/pdf";

    private final SubareaSheets sheets;
    private final SubareaMapPdf pdf;
    private final SecurityIdentity identity;

    public MapResource(SubareaSheets sheets, SubareaMapPdf pdf, SecurityIdentity identity) {
        this.sheets = sheets;
        this.pdf = pdf;
        this.identity = identity;
    }

    @GET
    @Path("/{code}.pdf")
    @Produces(PDF)
    public Response subarea(@PathParam("code") String code) throws Exception {
        if (!code.matches("[0-9]{15}")) {
            throw new BadRequestException("a subarea code has 15 digits, got '" + code + "'");
        }
        Caller caller = allowed(code);
        SubareaSheet sheet = sheets.sheet(code).orElseThrow(
                () -> new NotFoundException("no subarea " + code + " with a map (virtual subareas have none)"));
        StreamingOutput body = out -> {
            try {
                pdf.write(List.of(sheet), caller.displayName(), out);
            } catch (Exception e) {
                throw new IOException("printing " + code + " failed: " + e.getMessage(), e);
            }
        };
        return attachment(body, code + ".pdf");
    }

    @GET
    @Produces(PDF)
    public Response batch(@QueryParam("scope") String scope) throws Exception {
        if (scope == null || !scope.matches("[0-9]{9}([0-9]{3})?")) {
            throw new BadRequestException("query parameter 'scope' must be a street (9 digits) or census area (12 digits) "
                    + "code, got " + (scope == null ? "nothing" : "'" + scope + "'"));
        }
        Caller caller = allowed(scope);
        List<String> codes = sheets.subareasOf(scope);
        if (codes.isEmpty()) {
            throw new NotFoundException("no subareas with a map in " + scope + ": delineate it first");
        }
        StreamingOutput body = out -> {
            try {
                pdf.write(() -> lazily(codes), caller.displayName(), out);
            } catch (Exception e) {
                throw new IOException("printing " + scope + " failed: " + e.getMessage(), e);
            }
        };
        return attachment(body, scope + ".pdf");
    }

    private Caller allowed(String code) {
        Caller caller = Caller.of(identity);
        if (!caller.mayTouch(code)) {
            throw new ForbiddenException(code + " lies outside your scopes");
        }
        return caller;
    }

    /** The sheets of {@code codes}, each read when its page is printed. */
    private Iterator<SubareaSheet> lazily(List<String> codes) {
        Iterator<String> next = codes.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return next.hasNext();
            }

            @Override
            public SubareaSheet next() {
                String code = next.next();
                try {
                    return sheets.sheet(code).orElseThrow(() -> new NoSuchElementException("subarea " + code
                            + " disappeared while the batch was printed"));
                } catch (SQLException e) {
                    throw new IllegalStateException("reading subarea " + code + " failed: " + e.getMessage(), e);
                }
            }
        };
    }

    private static Response attachment(StreamingOutput body, String fileName) {
        return Response.ok(body, PDF).header("Content-Disposition", "inline; filename=\"" + fileName + "\"").build();
    }
}
