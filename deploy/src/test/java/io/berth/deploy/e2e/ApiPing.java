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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Asks {@code GET /_ping} over a Unix socket with plain HTTP/1.0, so readiness needs nothing but the JDK. */
final class ApiPing {

    /** The raw response, or null when nothing answered in time. */
    static String ping(Path socket, Duration timeout) {
        SocketChannel[] channel = new SocketChannel[1];
        FutureTask<String> exchange = new FutureTask<>(() -> {
            try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel[0] = c;
                c.connect(UnixDomainSocketAddress.of(socket));
                c.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)));
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                ByteBuffer buffer = ByteBuffer.allocate(4096);
                while (c.read(buffer) >= 0 && response.size() < 65536) {
                    response.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                return response.toString(StandardCharsets.ISO_8859_1);
            }
        });
        Thread thread = new Thread(exchange, "api-ping");
        thread.setDaemon(true);
        thread.start();
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close(channel[0]);
            return null;
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static boolean answersOk(String response) {
        return response != null && response.startsWith("HTTP/1.") && response.contains(" 200")
                && response.endsWith("OK");
    }

    private static void close(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is how the hung read is ended; nothing more to do
        }
    }

    private ApiPing() {
    }
}
