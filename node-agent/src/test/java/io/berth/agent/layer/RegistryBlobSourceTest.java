package io.berth.agent.layer;

import io.berth.events.spec.Digest;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryBlobSourceTest {
    static final Digest DIGEST = new Digest("b".repeat(64));
    HttpServer server;
    String lastPath;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            lastPath = exchange.getRequestURI().getPath();
            byte[] body = "blob bytes".getBytes(StandardCharsets.UTF_8);
            int status = lastPath.contains("missing") ? 404 : 200;
            exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
            if (status == 200) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void close() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Test
    void fetchesTheBlobByRepositoryAndDigest() throws IOException {
        try (InputStream in = new RegistryBlobSource(url()).open("library/busybox", DIGEST)) {
            assertEquals("blob bytes", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("/v2/library/busybox/blobs/sha256:" + "b".repeat(64), lastPath);
    }

    @Test
    void aMissingBlobIsAnErrorNamingTheUrl() {
        IOException e = assertThrows(IOException.class, () -> new RegistryBlobSource(url()).open("missing/x", DIGEST));
        assertTrue(e.getMessage().contains("404") && e.getMessage().contains("/v2/missing/x/blobs/"), e.getMessage());
    }
}
