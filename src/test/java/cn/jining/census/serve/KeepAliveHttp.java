package cn.jining.census.serve;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 GETs over one kept-alive socket, read and written on the calling thread: the client a
 * latency benchmark needs, doing per request what the JDBC driver does per query (write, block,
 * read), so that the two are compared on the same footing. {@link java.net.http.HttpClient}
 * hands each request to a selector thread and back, which costs a few hundred microseconds more.
 * Reads answers with a {@code Content-Length} or no body (204, 304) only: what this service sends
 * for tiles.
 */
final class KeepAliveHttp implements AutoCloseable {

    /** Status and body of an answer. */
    record Answer(int status, byte[] body) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String host;
    private final String authorization;

    KeepAliveHttp(URI root, String bearerToken) throws IOException {
        this.socket = new Socket(root.getHost(), root.getPort());
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.host = root.getHost() + ":" + root.getPort();
        this.authorization = "Bearer " + bearerToken;
    }

    /** GET of an absolute path ({@code /tiles/...}). */
    Answer get(String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + authorization + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        int length = -1;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("content-length")) {
                length = Integer.parseInt(header.substring(colon + 1).strip());
            }
        }
        if (length < 0 && status != 204 && status != 304) {
            throw new IOException("answer to " + path + " without Content-Length: " + statusLine);
        }
        byte[] body = in.readNBytes(Math.max(0, length));
        if (body.length < length) {
            throw new IOException("connection closed after " + body.length + " of " + length + " bytes of " + path);
        }
        return new Answer(status, body);
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of an answer");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
