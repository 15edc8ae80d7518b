package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Output streams through the docker CLI: {@code docker run} attached (hijacked POST attach, exit codes,
 * stdout and stderr apart, {@code --rm}), and {@code docker logs} with --tail, -t, --since and -f.
 */
@E2e
class StreamsIT {
    private static DockerCli docker;
    private static MadeContainers made;

    private static void waitFor(String id) {
        DockerCli.Result wait = docker.run("wait", id);
        assertTrue(wait.ok(), wait.toString());
    }

    @Test
    void runAttachedPrintsTheOutputAndExitsZero() {
        DockerCli.Result run = docker.run("run", "--name", "streams-echo", "busybox", "echo", "hi");
        made.add("streams-echo");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("hi\n", run.stdout(), run.toString());
    }

    @Test
    void runAttachedKeepsStderrApartAndReturnsTheExitCode() {
        DockerCli.Result run = docker.run("run", "--name", "streams-both", "busybox", "sh", "-c",
                "echo out; echo err >&2; exit 3");
        made.add("streams-both");
        assertEquals(3, run.exitCode(), run.toString());
        assertEquals("out\n", run.stdout(), run.toString());
        assertTrue(run.stderr().contains("err\n"), run.toString());
        assertFalse(run.stderr().contains("out"), run.toString());
    }

    @Test
    void runWithRmPrintsAndLeavesNothing() {
        DockerCli.Result run = docker.run("run", "--rm", "--name", "streams-rm", "busybox", "echo", "bye");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("bye\n", run.stdout(), run.toString());
        DockerCli.Result ps = docker.run("ps", "-a", "--format", "{{.Names}}");
        assertTrue(ps.ok(), ps.toString());
        assertFalse(ps.stdout().lines().anyMatch("streams-rm"::equals), "removed after the run: " + ps);
    }

    @Test
    void logsOfADetachedContainerKeepStreamsApart() {
        String id = made.runDetached("busybox", "sh", "-c", "echo one; echo two >&2; echo three; echo four");
        waitFor(id);
        DockerCli.Result logs = docker.run("logs", id);
        assertEquals(0, logs.exitCode(), logs.toString());
        assertEquals("one\nthree\nfour\n", logs.stdout(), logs.toString());
        assertEquals("two\n", logs.stderr(), logs.toString());
    }

    @Test
    void tailSendsTheLastLines() {
        // one stream only: lines of two pipes may land in the log in either order
        String id = made.runDetached("busybox", "sh", "-c", "echo one; echo two; echo three; echo four");
        waitFor(id);
        DockerCli.Result tail = docker.run("logs", "--tail", "2", id);
        assertEquals(0, tail.exitCode(), tail.toString());
        assertEquals("three\nfour\n", tail.stdout(), tail.toString());
    }

    @Test
    void timestampsAndSince() {
        String id = made.runDetached("busybox", "sh", "-c", "echo early; sleep 1.2; echo late");
        waitFor(id);
        DockerCli.Result stamped = docker.run("logs", "-t", id);
        assertTrue(stamped.ok(), stamped.toString());
        List<String> lines = stamped.stdout().lines().toList();
        assertEquals(2, lines.size(), stamped.toString());
        String rfc3339Nano = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z ";
        assertTrue(lines.get(0).matches(rfc3339Nano + "early"), lines.get(0));
        assertTrue(lines.get(1).matches(rfc3339Nano + "late"), lines.get(1));

        String lateAt = lines.get(1).substring(0, lines.get(1).indexOf(' '));
        DockerCli.Result since = docker.run("logs", "--since", lateAt, id);
        assertTrue(since.ok(), since.toString());
        assertEquals("late\n", since.stdout(), since.toString());
    }

    @Test
    void followReturnsWhenTheContainerExits() {
        String id = made.runDetached("busybox", "sh", "-c", "for i in 1 2 3 4 5 6 7 8; do echo line $i; sleep 0.2; done");
        long began = System.nanoTime();
        DockerCli.Result follow = docker.run(Duration.ofSeconds(30), "logs", "-f", id);
        long tookMillis = (System.nanoTime() - began) / 1_000_000;
        assertEquals(0, follow.exitCode(), follow.toString());
        List<String> lines = follow.stdout().lines().toList();
        assertEquals(8, lines.size(), follow.toString());
        assertEquals("line 8", lines.get(7), follow.toString());
        assertTrue(tookMillis >= 600, "followed the running container, not just its log so far: " + tookMillis + " ms");
    }

    /** What docker-java does for attach without stdin: no Upgrade header, so dockerd's plain 200 and EOF. */
    @Test
    void attachWithoutUpgradeIsAPlain200ThatEndsWithTheProcess() throws Exception {
        DockerCli.Result create = docker.run("create", "busybox", "echo", "plain");
        assertTrue(create.ok(), create.toString());
        String id = create.stdout().trim();
        made.add(id);
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(Platform.get().socket()));
            String request = "POST /v1.44/containers/" + id + "/attach?stream=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                    + "Host: docker\r\nContent-Length: 0\r\n\r\n";
            c.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            InputStream in = Channels.newInputStream(c);
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
            assertTrue(head.contains("Content-Type: application/vnd.docker.raw-stream"), head);
            DockerCli.Result start = docker.run("start", id);
            assertTrue(start.ok(), start.toString());
            byte[] body = in.readAllBytes(); // ends only when the gateway closes after the exit
            assertEquals(8 + "plain\n".length(), body.length, Arrays.toString(body));
            assertEquals(1, body[0], "a stdout frame");
            assertEquals("plain\n", new String(body, 8, body.length - 8, StandardCharsets.UTF_8));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void logsOfAnUnknownContainer() {
        DockerCli.Result logs = docker.run("logs", "no-such-container-here");
        assertEquals(1, logs.exitCode(), logs.toString());
        assertTrue(logs.stderr().contains("No such container"), logs.toString());
    }
}
