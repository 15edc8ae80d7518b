package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets Docker's status and message and leaves nothing behind: no record, no name, no container. */
@E2e
class BadInputIT {
    private static DockerCli docker;

    private static List<String> allIds() {
        DockerCli.Result ps = docker.run("ps", "-a", "-q", "--no-trunc");
        assertTrue(ps.ok(), ps.toString());
        return ps.stdout().lines().toList();
    }

    @Test
    void unknownImageIs404AndLeavesNothing() {
        List<String> before = allIds();
        DockerCli.Result run = docker.run("run", "-d", "--name", "ghost", "no-such-image-here", "true");
        assertEquals(125, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("No such image") || run.stderr().contains("pull access denied"),
                run.toString());
        assertEquals(before, allIds());
        String raw = http("POST", "/v1.44/containers/create", "{\"Image\":\"no-such-image-here\"}");
        assertTrue(raw.startsWith("HTTP/1.1 404"), raw);
        assertTrue(raw.contains("{\"message\":\"No such image: no-such-image-here:latest\"}"), raw);
        // the name is free: nothing half-created holds it
        DockerCli.Result reuse = docker.run("create", "--name", "ghost", "busybox", "true");
        assertTrue(reuse.ok(), reuse.toString());
        assertTrue(docker.run("rm", "ghost").ok());
    }

    @Test
    void aPlatformTheImageIsNotIsRefusedAndLeavesNothing() {
        List<String> before = allIds();
        DockerCli.Result run = docker.run("run", "--rm", "--platform", "linux/arm64", "busybox", "true");
        assertEquals(125, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("does not match the specified platform: wanted linux/arm64, actual: "
                + "linux/amd64"), run.toString());
        assertEquals(before, allIds());
        DockerCli.Result same = docker.run("run", "--rm", "--platform", "linux/amd64", "busybox", "true");
        assertTrue(same.ok(), same.toString());
    }

    @Test
    void malformedJsonIs400() {
        List<String> before = allIds();
        String raw = http("POST", "/v1.44/containers/create", "{\"Image\": busybox");
        assertTrue(raw.startsWith("HTTP/1.1 400"), raw);
        assertTrue(raw.contains("\"message\""), raw);
        assertTrue(raw.contains("Content-Type: application/json\r\n"), raw);
        assertEquals(before, allIds());
    }

    @Test
    void nameInUseIs409() {
        DockerCli.Result first = docker.run("create", "--name", "taken", "busybox", "true");
        assertTrue(first.ok(), first.toString());
        try {
            List<String> before = allIds();
            DockerCli.Result second = docker.run("create", "--name", "taken", "busybox", "true");
            assertEquals(1, second.exitCode(), second.toString());
            assertTrue(second.stderr().contains("Conflict. The container name \"/taken\" is already in use"),
                    second.toString());
            assertEquals(before, allIds());
        } finally {
            assertTrue(docker.run("rm", "taken").ok());
        }
    }

    @Test
    void unknownContainerIs404() {
        for (String verb : List.of("stop", "start", "rm", "inspect")) {
            DockerCli.Result r = docker.run(verb, "no-such-container");
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.stderr().toLowerCase().contains("no such container")
                    || r.stderr().contains("No such object"), r.toString());
        }
        String raw = http("POST", "/v1.44/containers/no-such-container/start", "");
        assertTrue(raw.startsWith("HTTP/1.1 404"), raw);
        assertTrue(raw.contains("No such container: no-such-container"), raw);
    }

    /** One raw HTTP/1.1 request over the platform's Unix socket; returns the whole response. */
    private static String http(String method, String path, String body) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: berth\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + payload.length + "\r\nConnection: close\r\n\r\n";
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(Platform.get().socket()));
            ch.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.UTF_8)));
            ch.write(ByteBuffer.wrap(payload));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            StringBuilder out = new StringBuilder();
            while (ch.read(buf) > 0) {
                buf.flip();
                out.append(StandardCharsets.UTF_8.decode(buf));
                buf.clear();
            }
            return out.toString();
        } catch (IOException e) {
            throw new AssertionError("request over " + Platform.get().socket() + " failed", e);
        }
    }
}
