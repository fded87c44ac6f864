package cn.jining.census.load;

import java.sql.SQLException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import cn.jining.census.security.Role;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * {@code POST /api/v1/imports}: an administrator uploads a delivery or household-record CSV as
 * multipart field {@code file}; {@code ?mode=partial} stores the accepted features of a delivery
 * with rejections. Answers the {@link ImportReport}: 200 accepted, 422 refused (nothing
 * changed), 400 unreadable file, 415 unknown format.
 */
@Path("/api/v1/imports")
public class ImportResource {

    private final ImportDelivery imports;
    private final SecurityIdentity identity;

    public ImportResource(ImportDelivery imports, SecurityIdentity identity) {
        this.imports = imports;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    public Response upload(@RestForm("file") FileUpload file, @RestQuery("mode") String mode) throws SQLException {
        if (file == null || file.uploadedFile() == null) {
            return Response.status(400).entity(ImportReport.refusedFile("no file in multipart field 'file'")).build();
        }
        ImportOutcome outcome = imports.run(file.uploadedFile(), file.fileName(), identity.getPrincipal().getName(),
                ImportMode.of(mode));
        return Response.status(outcome.status().httpStatus).entity(outcome.report()).build();
    }
}
