package io.berth.deploy.e2e;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code docker top}, {@code docker stats} (one-shot and streaming) and {@code docker ps -s}, read from the kernel. */
@E2e
class TopStatsIT {
    private static DockerCli docker;
    private static MadeContainers made;

    @Test
    void topListsTheContainersProcessWithItsHostPid() {
        String id = made.runDetached("busybox", "sleep", "100");
        String pid = docker.ok("inspect", "-f", "{{.State.Pid}}", id).stdout().trim();

        String top = docker.ok("top", id).stdout();
        List<String> lines = top.lines().toList();
        assertTrue(lines.get(0).matches("UID\\s+PID\\s+PPID\\s+C\\s+STIME\\s+TTY\\s+TIME\\s+CMD"), top);
        assertEquals(2, lines.size(), "the header and sleep: " + top);
        String[] cols = lines.get(1).trim().split("\\s+");
        // top is the host's view, as dockerd's ps -ef: the container's root is the first host id of its range.
        String hostRoot = docker.ok("exec", id, "cat", "/proc/self/uid_map").stdout().trim().split("\\s+")[1];
        assertEquals(hostRoot, cols[0], top);
        assertEquals(pid, cols[1], "PID is the host pid inspect reports: " + top);
        assertTrue(lines.get(1).endsWith("sleep 100"), top);
    }

    @Test
    void statsShowsRealCpuAndTheMemoryLimit() {
        String id = made.runDetached("-m", "64m", "busybox", "sh", "-c", "while :; do :; done");

        String line = docker.ok("stats", "--no-stream", "--format", "{{.CPUPerc}} {{.MemUsage}} {{.PIDs}}", id)
                .stdout().trim();
        Matcher m = Pattern.compile("([0-9.]+)% (\\S+) / 64MiB (\\d+)").matcher(line);
        assertTrue(m.matches(), line);
        assertTrue(Double.parseDouble(m.group(1)) > 10, "a busy loop uses CPU: " + line);
        assertEquals("1", m.group(3), line);

        String all = docker.ok("stats", "--no-stream", "--format", "{{.ID}} {{.NetIO}} {{.BlockIO}}").stdout();
        assertTrue(all.contains(id.substring(0, 12) + " 0B / 0B "), "without names: every running container: " + all);
        docker.ok("rm", "-f", id); // at once: the busy loop would slow every test after this one
    }

    @Test
    void streamingStatsSendsAnObjectPerSecond() throws Exception {
        String id = made.runDetached("busybox", "sleep", "100");
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(Platform.get().socket()));
            String request = "GET /v1.44/containers/" + id.substring(0, 12) + "/stats?stream=1 HTTP/1.1\r\n"
                    + "Host: docker\r\n\r\n";
            c.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            InputStream in = Channels.newInputStream(c);
            long began = System.nanoTime();
            String text = CompletableFuture.supplyAsync(() -> readObjects(in, 2)).get(20, TimeUnit.SECONDS);
            long tookMillis = (System.nanoTime() - began) / 1_000_000;
            assertTrue(text.startsWith("HTTP/1.1 200 OK\r\n"), text);
            assertTrue(tookMillis >= 1500, "two objects a second apart, after a first sample: " + tookMillis);
            String first = text.substring(text.indexOf("{\"read\""), text.indexOf('\n', text.indexOf("{\"read\"")));
            JsonObject stats = new JsonObject(first);
            assertEquals(id, stats.getString("id"));
            assertTrue(stats.getJsonObject("cpu_stats").getLong("system_cpu_usage") > 0, first);
            assertNotEquals("0001-01-01T00:00:00Z", stats.getString("preread"), first);
            assertEquals(1L, stats.getJsonObject("pids_stats").getLong("current"), first);
        }
    }

    @Test
    void aStatsStreamEndsWhenTheContainerStops() throws Exception {
        String id = made.runDetached("busybox", "sleep", "3");
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(Platform.get().socket()));
            String request = "GET /v1.44/containers/" + id + "/stats HTTP/1.1\r\nHost: docker\r\n\r\n";
            c.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            InputStream in = Channels.newInputStream(c);
            // asks for more objects than a 3 s container lives for: returns at the last chunk
            String text = CompletableFuture.supplyAsync(() -> readObjects(in, 100)).get(20, TimeUnit.SECONDS);
            assertTrue(text.startsWith("HTTP/1.1 200 OK\r\n"), text);
            assertTrue(text.contains("\"cpu_stats\""), "at least one object before the end: " + text);
        }
    }

    /** The response head, then the chunked body decoded until {@code count} newline-ended objects arrived. */
    private static String readObjects(InputStream in, int count) {
        try {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return head.toString();
                }
                head.append((char) b);
            }
            StringBuilder body = new StringBuilder();
            while (body.chars().filter(ch -> ch == '\n').count() < count) {
                int size = Integer.parseInt(line(in).trim(), 16);
                if (size == 0) {
                    break;
                }
                body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                line(in);
            }
            return head + body.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }

    @Test
    void psSizeShowsWhatTheContainerWrote() {
        String id = made.runDetached("busybox", "sh", "-c", "dd if=/dev/zero of=/big bs=1M count=5 && sleep 100");
        String shortId = id.substring(0, 12);
        String row = "";
        for (int i = 0; i < 50 && !row.contains("5.24MB"); i++) {
            row = docker.ok("ps", "-s", "--format", "{{.ID}} {{.Size}}").stdout().lines()
                    .filter(l -> l.startsWith(shortId))
                    .findFirst().orElse("");
            Eventually.sleep(Duration.ofMillis(100));
        }
        // 5 MiB written = 5.24MB in the CLI's decimal units; the virtual size adds busybox's layer
        assertTrue(row.matches(shortId + " 5\\.24MB \\(virtual [0-9.]+MB\\)"), row);
    }

    @Test
    void topOfAStoppedContainerFailsAndItsOneStatsSampleIsZero() {
        String id = made.runDetached("busybox", "true");
        docker.ok("wait", id);

        DockerCli.Result top = docker.run("top", id);
        assertEquals(1, top.exitCode(), top.toString());
        assertTrue(top.stderr().contains("is not running"), top.toString());

        // dockerd answers stream=0 for a container that is not running with one empty sample, not an error
        DockerCli.Result stats = docker.run(Duration.ofSeconds(20), "stats", "--no-stream", "--format",
                "{{.CPUPerc}} {{.MemUsage}} {{.PIDs}}", id);
        assertEquals(0, stats.exitCode(), stats.toString());
        assertEquals("0.00% 0B / 0B 0", stats.stdout().trim(), stats.toString());
    }
}
