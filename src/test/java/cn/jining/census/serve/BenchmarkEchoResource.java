package cn.jining.census.serve;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;

/**
 * The baseline of {@link TileBenchmark}: the least a resource of this service can do to answer a
 * tile's bytes (bearer token checked, bytes held in memory, the same headers), so that the cached
 * tile's requests per second can be set against it. Exists in the test build only.
 */
@Path("/bench/echo")
@Authenticated
public class BenchmarkEchoResource {

    static volatile byte[] bytes = new byte[0];

    @GET
    public Response echo() {
        return Response.ok(bytes, TileResource.MVT).header(HttpHeaders.ETAG, "\"echo\"")
                .header(HttpHeaders.CACHE_CONTROL, TileResource.CACHE_CONTROL).build();
    }
}
