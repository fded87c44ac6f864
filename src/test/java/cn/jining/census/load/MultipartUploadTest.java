package cn.jining.census.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import cn.jining.census.load.MultipartUpload.MalformedUploadException;

class MultipartUploadTest {

    private static final String BOUNDARY = "------------------------d74496d66958873e";
    private static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    @Test
    void keepsTheFileOfTheFieldWhateverTheBodyIsCutInto() throws IOException {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            // content full of near-delimiters: line breaks, hyphens and the boundary's own characters
            byte[] content = new byte[random.nextInt(300_000)];
            byte[] alphabet = ("\r\n-" + BOUNDARY.substring(24)).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < content.length; i++) {
                content[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            int at = content.length == 0 ? 0 : random.nextInt(content.length);
            byte[] almost = ("\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(almost, 0, content, at, Math.min(almost.length, content.length - at));
            if (at + almost.length < content.length) {
                content[at + almost.length] = 'x';
            }
            byte[] body = body(part("mode", null, "partial".getBytes(StandardCharsets.UTF_8)),
                    part("file", "济宁高新区.gpkg", content), part("file", "second.gpkg", new byte[] {1, 2}));
            try (MultipartUpload upload = MultipartUpload.read(new Trickle(body, random), CONTENT_TYPE, "file")) {
                assertEquals("济宁高新区.gpkg", upload.fileName());
                assertArrayEquals(content, Files.readAllBytes(upload.file()), "round " + round);
            }
        }
    }

    @Test
    void readsAPreambleAndAQuotedBoundaryAndDeletesTheFileWhenClosed() throws IOException {
        byte[] body = concat("a preamble to ignore\r\n".getBytes(StandardCharsets.US_ASCII),
                body(part("file", "a \\\"b\\\".csv", "households\r\n".getBytes(StandardCharsets.UTF_8))));
        Path file;
        try (MultipartUpload upload = MultipartUpload.read(new ByteArrayInputStream(body),
                "multipart/form-data; charset=UTF-8; boundary=\"" + BOUNDARY + "\"", "file")) {
            assertEquals("a \"b\".csv", upload.fileName());
            assertEquals("households\r\n", Files.readString(upload.file()));
            file = upload.file();
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void aFieldWithoutFileNameOrAnotherFieldIsNoFile() throws IOException {
        byte[] body = body(part("file", null, "plain value".getBytes(StandardCharsets.UTF_8)),
                part("other", "x.gpkg", new byte[] {1}));
        try (MultipartUpload upload = MultipartUpload.read(new ByteArrayInputStream(body), CONTENT_TYPE, "file")) {
            assertNull(upload.file());
        }
    }

    @Test
    void malformedBodiesAreRefusedWithTheReason() {
        byte[] whole = body(part("file", "x.gpkg", new byte[1000]));
        byte[] cut = Arrays.copyOf(whole, whole.length - BOUNDARY.length() - 10);
        MalformedUploadException e = assertThrows(MalformedUploadException.class,
                () -> MultipartUpload.read(new ByteArrayInputStream(cut), CONTENT_TYPE, "file"));
        assertTrue(e.getMessage().contains("ends inside a part"), e.getMessage());
        e = assertThrows(MalformedUploadException.class,
                () -> MultipartUpload.read(new ByteArrayInputStream(whole), "multipart/form-data", "file"));
        assertTrue(e.getMessage().contains("no multipart boundary"), e.getMessage());
        e = assertThrows(MalformedUploadException.class, () -> MultipartUpload.read(
                new ByteArrayInputStream("no parts".getBytes()), CONTENT_TYPE, "file"));
        assertTrue(e.getMessage().contains("no part"), e.getMessage());
    }

    private static byte[] part(String name, String fileName, byte[] content) {
        String headers = "Content-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"\r\nContent-Type: application/octet-stream")
                + "\r\n\r\n";
        return concat(headers.getBytes(StandardCharsets.UTF_8), content);
    }

    private static byte[] body(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(part);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Hands the body over in pieces of random length, as a network does. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final Random random;
        private int at;

        Trickle(byte[] bytes, Random random) {
            this.bytes = bytes;
            this.random = random;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (at == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, 1 + random.nextInt(random.nextBoolean() ? 50 : 100_000)), bytes.length - at);
            System.arraycopy(bytes, at, into, offset, n);
            at += n;
            return n;
        }
    }
}
