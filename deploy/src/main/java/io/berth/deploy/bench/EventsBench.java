package io.berth.deploy.bench;

import com.hazelcast.core.HazelcastInstance;
import io.berth.deploy.hazelcast.EmbeddedHazelcast;
import io.berth.deploy.kafka.EmbeddedKafka;
import io.berth.deploy.kafka.TopicSetup;
import io.berth.gateway.Gateway;
import io.berth.gateway.GatewayConfig;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker events --since} replaying a long history (not a test): a real embedded Kafka broker and Hazelcast
 * member, {@code COUNT} container events written into {@code container-events} as the scheduler and the agents
 * write them ({@link EventHistory}), then the real gateway on loopback TCP. The real {@code docker} CLI replays
 * the whole window (plain, {@code --format '{{json .}}'}, and filtered to one container), and {@code curl} reads
 * the raw API; each is timed from process start to exit and its output lines counted (a fast reader, as
 * {@code > /dev/null}). Last, a client killed mid-replay: how long until the gateway's reader thread is gone.
 * Usage: {@code EventsBench [count=1000000] [runs=1] [docker=/usr/local/bin/docker]}.
 */
public final class EventsBench {
    private static final String READER_THREAD = "berth-ev-reader";

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        String docker = args.length > 2 ? args[2] : "/usr/local/bin/docker";
        Path dir = Files.createTempDirectory("berth-events-bench-");
        int[] ports = {freePort(), freePort(), freePort(), freePort()};
        EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), ports[0], ports[1]);
        HazelcastInstance hazelcast = null;
        Vertx vertx = Vertx.vertx();
        Gateway gateway = null;
        List<String> rows = new ArrayList<>();
        try {
            kafka.start();
            TopicSetup.ensure(kafka.bootstrap(), Duration.ofSeconds(60));
            hazelcast = EmbeddedHazelcast.start("events-bench-" + UUID.randomUUID(), ports[2]);
            long p0 = System.nanoTime();
            EventHistory history = EventHistory.write(kafka.bootstrap(), count);
            System.out.printf("wrote %,d events (%,d containers) in %.1f s%n", history.events(), history.containers(),
                    (System.nanoTime() - p0) / 1e9);
            // started after the history is written: its own consumer starts at the end of the topic, as in a
            // gateway that has been up while the history happened
            gateway = new Gateway(vertx, new GatewayConfig(kafka.bootstrap(), "http://127.0.0.1:1", null,
                    "127.0.0.1", ports[3], "events-bench"), hazelcast);
            gateway.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            String host = "tcp://127.0.0.1:" + ports[3];
            String since = history.since();
            String until = history.until();
            for (int i = 0; i < runs; i++) {
                rows.add(row(docker, host, count, "docker events --since T0 --until T1",
                        List.of("events", "--since", since, "--until", until)));
                rows.add(row(docker, host, count, "docker events … --format '{{json .}}'",
                        List.of("events", "--since", since, "--until", until, "--format", "{{json .}}")));
                rows.add(row(docker, host, count, "docker events … --filter container=<one of them>",
                        List.of("events", "--since", since, "--until", until, "--filter",
                                "container=" + history.oneContainer())));
                rows.add(row("curl", host, count, "curl /events?since=T0&until=T1 (API alone)",
                        List.of("-sfN", "http://127.0.0.1:" + ports[3] + "/v1.44/events?since=" + since
                                + "&until=" + until)));
            }
            killed(docker, host, since);
        } finally {
            if (gateway != null) {
                gateway.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (hazelcast != null) {
                hazelcast.shutdown();
            }
            kafka.stop();
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println();
        System.out.println("| events stored | command | lines out | seconds | events/s (stored events replayed) | peak heap MB |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private static String row(String docker, String host, int count, String what, List<String> args)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(docker.equals("curl") ? "/usr/bin/curl" : docker);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("DOCKER_HOST", host);
        System.gc();
        resetPeaks();
        long t0 = System.nanoTime();
        Process p = pb.start();
        long lines = countLines(p.getInputStream());
        int code = p.waitFor();
        long nanos = System.nanoTime() - t0;
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + code);
        }
        String line = String.format("| %,d | `%s` | %,d | %.2f | %,.0f | %d |", count, what, lines, nanos / 1e9,
                count / (nanos / 1e9), peakHeapMb());
        System.out.println(line);
        return line;
    }

    /** Starts a replay of everything, kills the CLI once the reader runs, and waits for the reader to end. */
    private static void killed(String docker, String host, String since) throws Exception {
        int before = readers();
        ProcessBuilder pb = new ProcessBuilder(docker, "events", "--since", since)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DOCKER_HOST", host);
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (readers() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(500);
        p.destroyForcibly().waitFor();
        long k0 = System.nanoTime();
        deadline = k0 + TimeUnit.SECONDS.toNanos(30);
        while (readers() > before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        System.out.printf("client killed 0.5 s into a replay: %s%n", readers() > before
                ? "the gateway's reader thread is STILL RUNNING after 30 s"
                : String.format("the gateway's reader thread ended %.0f ms later", (System.nanoTime() - k0) / 1e6));
    }

    private static int readers() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(READER_THREAD) || t.getName().equals("berth-gateway-events-reader"))
                .count();
    }

    private static long countLines(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        long lines = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    lines++;
                }
            }
        }
        return lines;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private EventsBench() {
    }
}
