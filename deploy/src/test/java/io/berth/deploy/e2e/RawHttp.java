package io.berth.deploy.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP/1.1 exchange over the platform's Unix socket, byte for byte as the test writes it ({@code Connection:
 * close}, then read to EOF), so a test can send what no well-behaved client would. A server that does not answer
 * within the timeout fails the test as a hang.
 */
final class RawHttp {
    /** What came back: the status, the headers (names lower-cased) and the body as text. */
    record Response(int status, Map<String, String> headers, String body) {
        String contentType() {
            return headers.get("content-type");
        }
    }

    private final Path socket;

    RawHttp(Path socket) {
        this.socket = socket;
    }

    /**
     * Sends {@code method path} with {@code body} (none when null) and the given extra header lines; with
     * {@code chunked} the body goes as one chunk per 64 KiB instead of with a Content-Length.
     */
    Response send(String method, String path, Map<String, String> headers, byte[] body, boolean chunked,
                  Duration timeout) {
        SocketChannel[] channel = new SocketChannel[1];
        FutureTask<Response> exchange = new FutureTask<>(() -> {
            try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel[0] = c;
                c.connect(UnixDomainSocketAddress.of(socket));
                StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: berth\r\n"
                        + "Connection: close\r\n");
                headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
                if (body != null) {
                    head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
                }
                head.append("\r\n");
                try {
                    write(c, head.toString().getBytes(StandardCharsets.ISO_8859_1));
                    if (body != null) {
                        writeBody(c, body, chunked);
                    }
                } catch (IOException refusedMidway) {
                    // the server may answer (413) and close before it has read everything: read what it said
                }
                return parse(readAll(c));
            }
        });
        Thread thread = new Thread(exchange, "raw-http");
        thread.setDaemon(true);
        thread.start();
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close(channel[0]);
            throw new AssertionError("no answer within " + timeout.toSeconds() + " s to " + method + " " + path);
        } catch (ExecutionException e) {
            throw new AssertionError(method + " " + path + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Response send(String method, String path, String jsonBody) {
        return send(method, path, Map.of("Content-Type", "application/json"),
                jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8), false, Duration.ofSeconds(30));
    }

    private static void writeBody(SocketChannel c, byte[] body, boolean chunked) throws IOException {
        if (!chunked) {
            write(c, body);
            return;
        }
        for (int at = 0; at < body.length; at += 65536) {
            int n = Math.min(65536, body.length - at);
            write(c, (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            c.write(ByteBuffer.wrap(body, at, n));
            write(c, "\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        write(c, "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void write(SocketChannel c, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            c.write(buffer);
        }
    }

    private static byte[] readAll(SocketChannel c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        try {
            while (c.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
        } catch (IOException reset) {
            // a reset after the answer: keep what arrived
        }
        return out.toByteArray();
    }

    private static Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            throw new AssertionError("not an HTTP response: " + text.substring(0, Math.min(200, text.length())));
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int eol = body.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
            at = eol + 2 + size + 2;
        }
        return out.toString();
    }

    private static void close(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is how a hung exchange is ended
        }
    }
}
