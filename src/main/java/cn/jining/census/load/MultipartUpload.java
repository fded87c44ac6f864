package cn.jining.census.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file sent as one field of a {@code multipart/form-data} request body (RFC 7578), streamed
 * into a temporary file; the other fields are skipped. Deleted again by {@link #close()}.
 *
 * <p>Why not the framework's form handling: RESTEasy Reactive's multipart parser takes the body
 * 1 KiB at a time, examines it byte by byte and writes every KiB to disk on its own, which
 * measured 17 ms per MB on the 2-core machine — 0.17 s of a district's 10 MB delivery, a fifth of
 * its whole import, before the import could start. This reads 64 KiB at a time and skips through
 * the file's bytes about a delimiter's length at a time (Horspool's search).
 */
final class MultipartUpload implements AutoCloseable {

    /** Bytes read from the body at a time. */
    private static final int CHUNK = 1 << 16;
    /** Longest part-header line accepted: headers are a few short lines. */
    private static final int MAX_HEADER_LINE = 8192;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final Pattern BOUNDARY = Pattern.compile("(?i)(?:^|;)\\s*boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern DISPOSITION_PARAMETER =
            Pattern.compile("(?i);\\s*(name|filename)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s]*))");

    private final Path file;
    private final String fileName;

    private MultipartUpload(Path file, String fileName) {
        this.file = file;
        this.fileName = fileName;
    }

    /** The uploaded file on disk, null when the body had no such field. */
    Path file() {
        return file;
    }

    /** The file name the client gave, null when it gave none. */
    String fileName() {
        return fileName;
    }

    /**
     * Reads {@code body} to its end and keeps the first file sent as field {@code field}.
     *
     * @param contentType the request's Content-Type, which names the boundary
     * @throws MalformedUploadException when the body is not well-formed multipart data
     */
    static MultipartUpload read(InputStream body, String contentType, String field) throws IOException {
        Matcher boundary = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (!boundary.find()) {
            throw new MalformedUploadException("the Content-Type names no multipart boundary");
        }
        String token = boundary.group(1) != null ? boundary.group(1) : boundary.group(2);
        byte[] delimiter = ("\r\n--" + token).getBytes(StandardCharsets.ISO_8859_1);
        Body in = new Body(body, delimiter);
        // the first delimiter may open the body, without the line break that precedes the others
        if (!in.startsWith(Arrays.copyOfRange(delimiter, 2, delimiter.length))
                && !in.copyToDelimiter(OutputStream.nullOutputStream())) {
            throw new MalformedUploadException("the body holds no part delimited by its boundary");
        }
        Path file = null;
        String fileName = null;
        try {
            while (!in.closeDelimiter()) {
                String name = null;
                String partFileName = null;
                for (String header = in.line(); !header.isEmpty(); header = in.line()) {
                    int colon = header.indexOf(':');
                    if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
                        Matcher parameter = DISPOSITION_PARAMETER.matcher(header.substring(colon + 1));
                        while (parameter.find()) {
                            String value = parameter.group(2) != null ? parameter.group(2).replaceAll("\\\\(.)", "$1")
                                    : parameter.group(3);
                            if (parameter.group(1).toLowerCase(Locale.ROOT).equals("name")) {
                                name = value;
                            } else {
                                partFileName = value;
                            }
                        }
                    }
                }
                // a part without a file name is a plain form value, not a file (as browsers send them)
                boolean wanted = file == null && field.equals(name) && partFileName != null;
                if (wanted) {
                    file = Files.createTempFile("census-upload", ".part");
                    fileName = partFileName;
                }
                try (OutputStream out = wanted ? Files.newOutputStream(file) : OutputStream.nullOutputStream()) {
                    if (!in.copyToDelimiter(out)) {
                        throw new MalformedUploadException("the body ends inside a part, before its closing boundary");
                    }
                }
            }
            // the epilogue after the closing delimiter carries nothing, but the request is read to its end
            body.transferTo(OutputStream.nullOutputStream());
            return new MultipartUpload(file, fileName);
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    /** A request body that is not well-formed multipart data. */
    static final class MalformedUploadException extends IOException {
        MalformedUploadException(String message) {
            super("malformed multipart upload: " + message);
        }
    }

    /** The body, read through a buffer that always holds room to recognise a whole delimiter. */
    private static final class Body {
        private final InputStream in;
        private final byte[] buffer;
        private final byte[] delimiter;
        /** Per byte value: how far the delimiter may move when that byte is under its last position. */
        private final int[] shift = new int[256];
        private int start;
        private int end;
        private boolean exhausted;

        /** @param delimiter what ends a part: CRLF, two hyphens and the boundary */
        Body(InputStream in, byte[] delimiter) {
            this.in = in;
            this.delimiter = delimiter;
            this.buffer = new byte[CHUNK + delimiter.length + MAX_HEADER_LINE];
            Arrays.fill(shift, delimiter.length);
            for (int i = 0; i < delimiter.length - 1; i++) {
                shift[delimiter[i] & 0xff] = delimiter.length - 1 - i;
            }
        }

        /** Reads until at least {@code wanted} bytes are buffered or the body ends. */
        private void fill(int wanted) throws IOException {
            if (buffer.length - start < wanted) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            while (end - start < wanted && !exhausted) {
                int n = in.read(buffer, end, Math.min(CHUNK, buffer.length - end));
                if (n < 0) {
                    exhausted = true;
                } else {
                    end += n;
                }
            }
        }

        /** Consumes {@code prefix} when the body continues with it. */
        boolean startsWith(byte[] prefix) throws IOException {
            fill(prefix.length);
            if (end - start >= prefix.length
                    && Arrays.equals(buffer, start, start + prefix.length, prefix, 0, prefix.length)) {
                start += prefix.length;
                return true;
            }
            return false;
        }

        /**
         * Copies the body to {@code out} up to the next delimiter, which is consumed.
         *
         * @return false when the body ended without it
         */
        boolean copyToDelimiter(OutputStream out) throws IOException {
            int last = delimiter.length - 1;
            while (true) {
                fill(CHUNK);
                // Horspool's search: the byte under the delimiter's last position tells how far it
                // can move on, about its whole length in file content
                int at = start;
                while (at + last < end) {
                    byte under = buffer[at + last];
                    if (under == delimiter[last] && Arrays.equals(buffer, at, at + last, delimiter, 0, last)) {
                        out.write(buffer, start, at - start);
                        start = at + delimiter.length;
                        return true;
                    }
                    at += shift[under & 0xff];
                }
                if (exhausted) {
                    out.write(buffer, start, end - start);
                    start = end;
                    return false;
                }
                // what follows could be the beginning of a delimiter cut by the end of the buffer
                int safe = Math.min(at, end);
                out.write(buffer, start, safe - start);
                start = safe;
            }
        }

        /**
         * After a delimiter: true when it closes the body ({@code --}), false when a part follows
         * (the rest of its line is consumed).
         */
        boolean closeDelimiter() throws IOException {
            if (startsWith(new byte[] {'-', '-'})) {
                return true;
            }
            line();
            return false;
        }

        /** The next line, without its CRLF, as UTF-8 (RFC 7578 allows UTF-8 file names). */
        String line() throws IOException {
            fill(MAX_HEADER_LINE);
            for (int i = start; i + 1 < end; i++) {
                if (buffer[i] == CRLF[0] && buffer[i + 1] == CRLF[1]) {
                    String line = new String(buffer, start, i - start, StandardCharsets.UTF_8);
                    start = i + 2;
                    return line;
                }
            }
            throw new MalformedUploadException(exhausted ? "the body ends inside a part's headers"
                    : "a part's header line is longer than " + MAX_HEADER_LINE + " bytes");
        }
    }
}
