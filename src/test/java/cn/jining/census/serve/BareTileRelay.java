package cn.jining.census.serve;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import cn.jining.census.store.NamedStatement;

/**
 * The least an HTTP tile server can cost on this machine: one thread per connection reading the
 * request with blocking I/O, running the tile's prepared statement over JDBC on that same thread
 * and writing the bytes back, with no framework, token, cache or guard. The benchmark times it
 * beside the service and the bare statement, so that what HTTP itself adds here (a thread woken by
 * the request, a client woken by the answer) is told apart from what the service adds.
 */
final class BareTileRelay implements AutoCloseable {

    private static final Pattern TILE = Pattern.compile("GET /tiles/(\\d+)/(\\d+)/(\\d+)\\.mvt ");

    private final ServerSocket server;
    private final Thread serving;

    /** Starts serving tiles of {@code layer} on a free port of the loopback interface. */
    BareTileRelay(DataSource dataSource, TileQuery tiles, TileLayer layer) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        serving = new Thread(() -> serve(dataSource, tiles, layer), "bare-tile-relay");
        serving.setDaemon(true);
        serving.start();
    }

    /** Where to send {@code GET /tiles/{z}/{x}/{y}.mvt}. */
    URI root() {
        return URI.create("http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort() + "/");
    }

    private void serve(DataSource dataSource, TileQuery tiles, TileLayer layer) {
        try (Socket socket = server.accept(); Connection c = dataSource.getConnection();
                NamedStatement q = NamedStatement.prepare(c, tiles.template(layer))) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            OutputStream out = socket.getOutputStream();
            for (String head = head(in); head != null; head = head(in)) {
                Matcher m = TILE.matcher(head);
                if (!m.lookingAt()) {
                    throw new IOException("not a tile request: " + head.lines().findFirst().orElse(""));
                }
                TileAddress tile = new TileAddress(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)));
                for (Map.Entry<String, Object> p : tiles.parameters(layer, tile, TileScope.EVERYTHING).orElseThrow().entrySet()) {
                    q.set(p.getKey(), p.getValue());
                }
                byte[] body;
                try (ResultSet rs = q.statement().executeQuery()) {
                    rs.next();
                    body = rs.getBytes(1);
                }
                int length = body == null ? 0 : body.length;
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                if (length > 0) {
                    out.write(body);
                }
                out.flush();
            }
        } catch (Exception e) {
            if (!server.isClosed()) {
                throw new IllegalStateException("the bare tile relay stopped", e);
            }
        }
    }

    /** A request's line and headers, or null when the client closed the connection. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder(128);
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            int n = head.length();
            if (n >= 4 && head.charAt(n - 1) == '\n' && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n') {
                return head.toString();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
