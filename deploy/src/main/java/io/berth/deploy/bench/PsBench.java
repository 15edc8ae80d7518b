package io.berth.deploy.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.berth.deploy.hazelcast.EmbeddedHazelcast;
import io.berth.deploy.kafka.EmbeddedKafka;
import io.berth.deploy.kafka.TopicSetup;
import io.berth.events.Json;
import io.berth.events.Maps;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.Capacity;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.Gateway;
import io.berth.gateway.GatewayConfig;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker ps -a} at scale (not a test): a real embedded Kafka broker and Hazelcast member, the real gateway on
 * loopback TCP, and simulated node agents ({@link SimulatedAgents}: node records that heartbeat). The containers'
 * records are written into the {@code containers} map as the scheduler and the agents leave them (placed on a
 * simulated node, half running, half exited), in steps up to each size; at each size the real {@code docker} CLI
 * runs {@code ps -a} (and {@code ps -aq}, and {@code ps} of the running ones) several times, timed from process start
 * to exit. The first call after a fill also reads what changed since the last; the median is of the calls after it.
 * A last row runs {@code ps -a} against {@link CannedAnswers}, a copy of the gateway's answer served at once: the
 * CLI's own cost of decoding and printing that many containers, which bounds any engine from below.
 * Usage: {@code PsBench [sizes=10000,100000] [runs=7] [docker=/usr/local/bin/docker]}.
 */
public final class PsBench {
    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String s : (args.length > 0 ? args[0] : "10000,100000").split(",")) {
            sizes.add(Integer.parseInt(s.trim()));
        }
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String docker = args.length > 2 ? args[2] : "/usr/local/bin/docker";
        Path dir = Files.createTempDirectory("berth-ps-bench-");
        int[] ports = {freePort(), freePort(), freePort(), freePort()};
        EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), ports[0], ports[1]);
        HazelcastInstance hazelcast = null;
        Vertx vertx = Vertx.vertx();
        Gateway gateway = null;
        List<String> rows = new ArrayList<>();
        try {
            kafka.start();
            TopicSetup.ensure(kafka.bootstrap(), Duration.ofSeconds(60));
            hazelcast = EmbeddedHazelcast.start("ps-bench-" + UUID.randomUUID(), ports[2]);
            try (SimulatedAgents agents = new SimulatedAgents(kafka.bootstrap(), hazelcast.getMap(Maps.NODES), 100,
                    new Capacity(0, 0, 0))) {
                agents.start();
                gateway = new Gateway(vertx, new GatewayConfig(kafka.bootstrap(), "http://127.0.0.1:1", null,
                        "127.0.0.1", ports[3], "ps-bench"), hazelcast);
                gateway.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                String host = "tcp://127.0.0.1:" + ports[3];
                CannedAnswers canned = new CannedAnswers(vertx, ports[3]);
                String cannedHost = "tcp://127.0.0.1:"
                        + canned.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                IMap<String, String> containers = hazelcast.getMap(Maps.CONTAINERS);
                int filled = 0;
                for (int size : sizes) {
                    long f0 = System.nanoTime();
                    fill(containers, filled, size);
                    canned.forget();
                    double fillSeconds = (System.nanoTime() - f0) / 1e9;
                    filled = size;
                    rows.add(row(docker, host, size, "ps -a", List.of("ps", "-a"), runs, fillSeconds));
                    rows.add(row(docker, host, size, "ps -aq", List.of("ps", "-aq"), runs, fillSeconds));
                    rows.add(row(docker, host, size, "ps (running only)", List.of("ps"), runs, fillSeconds));
                    rows.add(row("curl", host, size, "API alone", List.of("-sf", "-o", "/dev/null",
                            "http://127.0.0.1:" + ports[3] + "/v1.44/containers/json?all=1"), runs, fillSeconds));
                    rows.add(row(docker, cannedHost, size, "ps -a, CLI floor", List.of("ps", "-a"), runs,
                            fillSeconds));
                }
            }
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
        System.out.println("| containers | command | lines out | first call ms | median ms (of the rest) | min ms | max ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.exit(0);
    }

    /** Records {@code from}..{@code to}-1, placed round-robin on the simulated nodes, even ones running. */
    private static void fill(IMap<String, String> containers, int from, int to) {
        ContainerSpec spec = ContainerSpec.builder("busybox").imageId("sha256:" + "0".repeat(64))
                .repository("library/busybox").manifestDigest("sha256:" + "0".repeat(64)).cmd("sleep", "1000")
                .build();
        Map<String, String> chunk = new HashMap<>();
        for (int i = from; i < to; i++) {
            String id = String.format("%064x", i + 1L);
            ContainerRecord r = ContainerRecord.accepted(id, "ps-" + i, spec, "{}", "2026-12-01T00:00:00Z")
                    .withNode(String.format("sim-%04d", i % 100)).withDesired("running");
            r = i % 2 == 0 ? r.running(1000 + i, "2026-12-01T00:00:01Z")
                    : r.running(1000 + i, "2026-12-01T00:00:01Z").exited(0, false, "2026-12-01T00:00:02Z");
            chunk.put(id, Json.write(r));
            if (chunk.size() == 2000 || i == to - 1) {
                containers.putAll(chunk);
                chunk.clear();
            }
        }
    }

    private static String row(String docker, String host, int size, String what, List<String> args, int runs,
                              double fillSeconds) throws Exception {
        long[] samples = new long[runs];
        int lines = 0;
        for (int i = 0; i < runs; i++) {
            List<String> command = new ArrayList<>();
            command.add(docker.equals("curl") ? "/usr/bin/curl" : docker);
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("DOCKER_HOST", host);
            long t0 = System.nanoTime();
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            samples[i] = System.nanoTime() - t0;
            if (code != 0) {
                throw new IllegalStateException("docker " + args + " exited " + code + ": "
                        + new String(out, 0, Math.min(out.length, 400)));
            }
            lines = (int) new String(out).lines().count();
        }
        long[] rest = java.util.Arrays.copyOfRange(samples, 1, samples.length);
        Percentiles p = new Percentiles(rest.length == 0 ? samples : rest);
        String line = String.format("| %,d | `%s %s`%s | %,d | %.0f | %.0f | %.0f | %.0f |", size,
                docker.equals("curl") ? "curl" : "docker", String.join(" ", args),
                what.endsWith("floor") ? " against a canned copy of the answer (the CLI's floor)" : "",
                lines, samples[0] / 1e6, p.millis(0.5), p.millis(0.0), p.millis(1.0));
        System.out.println(line + "   (filled in " + String.format("%.1f", fillSeconds) + " s)");
        return line;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private PsBench() {
    }
}
