package cn.jining.census.publish;

import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

import cn.jining.census.security.Caller;
import cn.jining.census.serve.LonLatBox;

/**
 * OGC API – Features – Part 1: Core with GeoJSON, at {@code /ogc}, for QGIS, ArcGIS and GDAL
 * ({@code ogrinfo "OAPIF:http://host/ogc"} with {@code GDAL_HTTP_HEADERS="Authorization: Bearer
 * TOKEN"}).
 *
 * <pre>
 * GET /ogc                                            landing page
 * GET /ogc/conformance                                the conformance classes: core, geojson
 * GET /ogc/collections                                every {@link PublishedLayer}
 * GET /ogc/collections/{layer}                        one of them
 * GET /ogc/collections/{layer}/items?bbox&limit&offset features in CRS84, paged by next links
 * GET /ogc/collections/{layer}/items/{featureId}      one feature
 * </pre>
 *
 * Every request needs a bearer token and sees only the features inside the caller's scopes
 * ({@link PublishedLayer} says which codes a feature belongs to); numberMatched counts those
 * alone. A feature outside them answers 404, as one that does not exist. {@code limit} defaults
 * to {@value #DEFAULT_LIMIT}; a larger value than {@value #MAX_LIMIT} is lowered to it, as the
 * standard asks. Only CRS84 is offered (no Part 2 CRS negotiation), and {@code bbox} takes four
 * numbers. Unknown query parameters are ignored rather than refused, so that clients adding their
 * own (such as {@code f=json}) still work.
 */
@Path("/ogc")
@Authenticated
public class OgcResource {

    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 10_000;
    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    static final String GEO_JSON = "application/geo+json";
    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson");

    /** A link as the standard writes it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Link(String href, String rel, String type, String title) {
    }

    public record Conformance(List<String> conformsTo) {
    }

    public record LandingPage(String title, String description, List<Link> links) {
    }

    public record SpatialExtent(List<double[]> bbox, String crs) {
    }

    public record Extent(SpatialExtent spatial) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Collection(String id, String title, String description, Extent extent, String itemType,
            List<String> crs, List<Link> links) {
    }

    public record Collections(List<Collection> collections, List<Link> links) {
    }

    private final FeatureSource features;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    @Context
    UriInfo uri;

    public OgcResource(FeatureSource features, SecurityIdentity identity, ObjectMapper json) {
        this.features = features;
        this.identity = identity;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public LandingPage landingPage() {
        return new LandingPage("济宁高新区第七次全国人口普查地图", "普查区划图层 (OGC API – Features)", List.of(
                new Link(href("/ogc"), "self", MediaType.APPLICATION_JSON, "本页"),
                new Link(href("/openapi?format=json"), "service-desc", "application/vnd.oai.openapi+json;version=3.0",
                        "API 定义"),
                new Link(href("/ogc/conformance"), "conformance", MediaType.APPLICATION_JSON, "符合的标准类"),
                new Link(href("/ogc/collections"), "data", MediaType.APPLICATION_JSON, "图层")));
    }

    @GET
    @Path("/conformance")
    @Produces(MediaType.APPLICATION_JSON)
    public Conformance conformance() {
        return new Conformance(CONFORMANCE);
    }

    @GET
    @Path("/collections")
    @Produces(MediaType.APPLICATION_JSON)
    public Collections collections() throws SQLException {
        Optional<LonLatBox> extent = features.extent();
        List<Collection> all = new ArrayList<>();
        for (PublishedLayer layer : PublishedLayer.values()) {
            all.add(collection(layer, extent));
        }
        return new Collections(all, List.of(new Link(href("/ogc/collections"), "self", MediaType.APPLICATION_JSON, "图层")));
    }

    @GET
    @Path("/collections/{collectionId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Collection collection(@PathParam("collectionId") String collectionId) throws SQLException {
        return collection(layer(collectionId), features.extent());
    }

    @GET
    @Path("/collections/{collectionId}/items")
    @Produces({ GEO_JSON, MediaType.APPLICATION_JSON })
    public Response items(@PathParam("collectionId") String collectionId, @QueryParam("bbox") String bbox,
            @QueryParam("limit") @Parameter(description = "features per page; larger values are lowered to the maximum",
                    schema = @Schema(minimum = "1", maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT)) String limit,
            @QueryParam("offset") @Parameter(description = "features skipped, for paging; next links carry it") String offset)
            throws Exception {
        PublishedLayer layer = layer(collectionId);
        Optional<LonLatBox> box = bbox(bbox);
        int pageSize = limit(limit);
        long skipped = offset(offset);
        FeatureSource.Page page = features.page(layer, box, Visibility.of(Caller.of(identity)), pageSize, skipped);

        UriBuilder self = uri.getRequestUriBuilder();
        List<Link> links = new ArrayList<>();
        links.add(new Link(self.build().toString(), "self", GEO_JSON, "本页"));
        if (skipped + page.features().size() < page.numberMatched()) {
            URI next = uri.getRequestUriBuilder().replaceQueryParam("limit", pageSize)
                    .replaceQueryParam("offset", skipped + page.features().size()).build();
            links.add(new Link(next.toString(), "next", GEO_JSON, "下一页"));
        }
        links.add(new Link(href("/ogc/collections/" + layer.id()), "collection", MediaType.APPLICATION_JSON, layer.title()));

        StringBuilder body = new StringBuilder(64 + page.features().stream().mapToInt(String::length).sum());
        body.append("{\"type\":\"FeatureCollection\",\"features\":[").append(String.join(",", page.features()))
                .append("],\"numberMatched\":").append(page.numberMatched())
                .append(",\"numberReturned\":").append(page.features().size())
                .append(",\"timeStamp\":").append(json.writeValueAsString(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()))
                .append(",\"links\":").append(json.writeValueAsString(links)).append('}');
        return Response.ok(body.toString(), GEO_JSON).build();
    }

    @GET
    @Path("/collections/{collectionId}/items/{featureId}")
    @Produces({ GEO_JSON, MediaType.APPLICATION_JSON })
    public Response item(@PathParam("collectionId") String collectionId, @PathParam("featureId") String featureId)
            throws Exception {
        PublishedLayer layer = layer(collectionId);
        String feature = features.feature(layer, featureId, Visibility.of(Caller.of(identity)))
                .orElseThrow(() -> new NotFoundException("no feature '" + featureId + "' in collection '" + layer.id()
                        + "' that you may see"));
        List<Link> links = List.of(
                new Link(href("/ogc/collections/" + layer.id() + "/items/" + featureId), "self", GEO_JSON, "本要素"),
                new Link(href("/ogc/collections/" + layer.id()), "collection", MediaType.APPLICATION_JSON, layer.title()));
        // the feature text is one JSON object from PostGIS: its links go in before the closing brace
        String body = feature.substring(0, feature.length() - 1) + ",\"links\":" + json.writeValueAsString(links) + "}";
        return Response.ok(body, GEO_JSON).build();
    }

    private Collection collection(PublishedLayer layer, Optional<LonLatBox> extent) {
        String base = "/ogc/collections/" + layer.id();
        return new Collection(layer.id(), layer.title(), description(layer),
                extent.map(box -> new Extent(new SpatialExtent(List.of(box.toArray()), CRS84))).orElse(null),
                "feature", List.of(CRS84), List.of(
                        new Link(href(base), "self", MediaType.APPLICATION_JSON, layer.title()),
                        new Link(href(base + "/items"), "items", GEO_JSON, layer.title() + "要素")));
    }

    private static String description(PublishedLayer layer) {
        return layer.title() + ", attributes: " + String.join(", ", layer.fields().stream().map(LayerField::name).toList());
    }

    private String href(String path) {
        String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : null;
        String plain = query == null ? path : path.substring(0, path.indexOf('?'));
        return uri.getBaseUriBuilder().replacePath(plain).replaceQuery(query).build().toString();
    }

    static PublishedLayer layer(String name) {
        return PublishedLayer.named(name).orElseThrow(
                () -> new NotFoundException("no collection '" + name + "': one of " + PublishedLayer.names()));
    }

    private static Optional<LonLatBox> bbox(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LonLatBox.parse(text));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("query parameter 'bbox' is malformed: " + e.getMessage() + " (got '" + text
                    + "'); expected minLon,minLat,maxLon,maxLat in CRS84 degrees");
        }
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            long limit = Long.parseLong(text.trim());
            if (limit >= 1) {
                return (int) Math.min(limit, MAX_LIMIT);
            }
        } catch (NumberFormatException e) {
            // answered below with the same message as a number below 1
        }
        throw new BadRequestException("query parameter 'limit' must be a positive integer, got '" + text + "'");
    }

    private static long offset(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            long offset = Long.parseLong(text.trim());
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // answered below with the same message as a negative number
        }
        throw new BadRequestException("query parameter 'offset' must be an integer of at least 0, got '" + text + "'");
    }
}
