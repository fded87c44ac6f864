package cn.jining.census.load;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.RestQuery;

import cn.jining.census.load.MultipartUpload.MalformedUploadException;
import cn.jining.census.security.Role;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * {@code POST /api/v1/imports}: an administrator uploads a delivery or household-record CSV as
 * multipart field {@code file}; {@code ?mode=partial} stores the accepted features of a delivery
 * with rejections. Answers the {@link ImportReport}: 200 accepted, 422 refused (nothing
 * changed), 400 unreadable file or upload, 415 unknown format. The body is read by
 * {@link MultipartUpload} rather than by the framework's form handling (see there why).
 */
@Path("/api/v1/imports")
public class ImportResource {

    private static final String FIELD = "file";

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
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(
            type = SchemaType.OBJECT, properties = @SchemaProperty(name = FIELD, type = SchemaType.STRING, format = "binary"))))
    public Response upload(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
            @RestQuery("mode") String mode) throws IOException, SQLException {
        MultipartUpload upload;
        try {
            upload = MultipartUpload.read(body, contentType, FIELD);
        } catch (MalformedUploadException e) {
            return Response.status(400).entity(ImportReport.refusedFile(e.getMessage())).build();
        }
        try (upload) {
            if (upload.file() == null) {
                return Response.status(400).entity(ImportReport.refusedFile("no file in multipart field '" + FIELD + "'"))
                        .build();
            }
            ImportOutcome outcome = imports.run(upload.file(), upload.fileName(), identity.getPrincipal().getName(),
                    ImportMode.of(mode));
            return Response.status(outcome.status().httpStatus).entity(outcome.report()).build();
        }
    }
}
