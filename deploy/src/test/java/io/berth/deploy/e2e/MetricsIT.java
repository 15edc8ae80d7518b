package io.berth.deploy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every listener of the platform answers {@code GET /metrics} in the Prometheus text format, which the Prometheus
 * client's parser accepts: the gateway (socket), the image store and the node agent's stream endpoint. The scheduler
 * has no listener; its meters are in the same process registry. The start-latency histogram counts exactly the
 * containers this test started, and no label carries a container id or name.
 */
@E2e
class MetricsIT {
    private static final int RUNS = 3;
    private static Platform platform;
    private static DockerCli docker;
    private static final List<String> ids = new ArrayList<>();

    @AfterAll
    static void removeContainers() {
        ids.forEach(id -> docker.run("rm", "-f", id));
    }

    @Test
    void everyServiceIsScrapedAndTheStartHistogramCountsTheRuns() throws Exception {
        PrometheusText.Scrape before = PrometheusText.scrapeSocket(platform.socket());
        double startsBefore = before.has("berth_container_start_seconds")
                ? before.value("berth_container_start_seconds_count") : 0;

        for (int i = 0; i < RUNS; i++) {
            DockerCli.Result run = docker.run("run", "-d", "--name", "metrics-" + i, "-l", "suite=metrics",
                    "busybox", "sh", "-c", "echo up; sleep 300");
            assertTrue(run.ok(), run.toString());
            ids.add(run.stdout().trim());
        }
        Process follow = new ProcessBuilder(DockerCli.BINARY.toString(), "-H", "unix://" + platform.socket(),
                "logs", "-f", "metrics-0").redirectErrorStream(true).start();
        try {
            awaitValue("open logs stream", 1, () -> PrometheusText.scrapeSocket(platform.socket())
                    .value("berth_gateway_streams_open", l -> "logs".equals(l.get("kind"))));
        } finally {
            follow.destroy();
        }
        awaitValue("logs stream closed", 0, () -> PrometheusText.scrapeSocket(platform.socket())
                .value("berth_gateway_streams_open", l -> "logs".equals(l.get("kind"))));
        awaitAtLeast("running containers on " + platform.nodeId(), RUNS, () -> PrometheusText.scrapeSocket(
                platform.socket()).value("berth_containers",
                l -> platform.nodeId().equals(l.get("node")) && "running".equals(l.get("state"))));

        PrometheusText.Scrape gateway = PrometheusText.scrapeSocket(platform.socket());
        assertEquals(startsBefore + RUNS, gateway.value("berth_container_start_seconds_count"),
                "one start-latency observation per docker run");
        assertEquals(gateway.value("berth_container_start_seconds_count"),
                gateway.value("berth_container_start_seconds_bucket", l -> "+Inf".equals(l.get("le"))));
        assertEquals("histogram", gateway.family("berth_container_start_seconds").type());

        // HTTP by route (the pattern, never the path), method and status, with a latency histogram
        assertTrue(gateway.value("vertx_http_server_requests_total", l -> "/containers/create".equals(l.get("route"))
                && "POST".equals(l.get("method")) && "201".equals(l.get("code"))) >= RUNS);
        assertEquals("histogram", gateway.family("vertx_http_server_response_time_seconds").type());
        // commands published by the gateway, handled by the scheduler and the node agent
        assertTrue(gateway.value("berth_commands_published_total", l -> "berth.container.start".equals(l.get("type"))
                && "gateway".equals(l.get("publisher"))) >= RUNS);
        assertTrue(gateway.value("berth_commands_handled_total", l -> "berth.container.create".equals(l.get("type"))
                && "scheduler".equals(l.get("handler"))) >= RUNS);
        assertTrue(gateway.value("berth_commands_handled_total", l -> "berth.container.start".equals(l.get("type"))
                && "node-agent".equals(l.get("handler"))) >= RUNS);
        // placements and their latency
        assertTrue(gateway.value("berth_placements_total", l -> "placed".equals(l.get("outcome"))) >= RUNS);
        assertTrue(gateway.value("berth_placement_seconds_count") >= RUNS);
        // consumer lag per group and partition
        for (String group : List.of("berth-scheduler", "berth-scheduler-events", "berth-agent-" + platform.nodeId())) {
            assertTrue(gateway.family("berth_kafka_consumer_lag_records").samples().stream()
                    .anyMatch(s -> group.equals(s.labels().get("group")) && s.labels().containsKey("partition")),
                    "no lag gauge for group " + group);
        }
        for (String family : List.of("berth_layer_pulled_bytes", "berth_layer_unpacked_bytes",
                "jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage", "process_uptime_seconds",
                "process_files_open_files")) {
            assertTrue(gateway.has(family), "no " + family);
        }

        PrometheusText.Scrape store = PrometheusText.scrapeTcp(platform.registryUrl() + "/metrics");
        assertTrue(store.value("vertx_http_server_requests_total", l -> "Manifest".equals(l.get("route"))
                && "GET".equals(l.get("method")) && "200".equals(l.get("code"))) >= 1);
        PrometheusText.Scrape agent = PrometheusText.scrapeTcp(platform.agentUrl() + "/metrics");
        assertTrue(agent.family("vertx_http_server_requests").samples().stream()
                .anyMatch(s -> s.labels().getOrDefault("route", "").contains("logs")), "agent served no logs route");

        for (PrometheusText.Scrape scrape : List.of(gateway, store, agent)) {
            conventions(scrape);
        }
    }

    // Counters end in _total; no label value names one of our containers (labels stay bounded).
    private static void conventions(PrometheusText.Scrape scrape) {
        for (PrometheusText.Family f : scrape.families()) {
            for (PrometheusText.Sample s : f.samples()) {
                if (f.type().equals("counter")) {
                    assertTrue(s.name().endsWith("_total") || s.name().endsWith("_created"), s.name());
                }
                for (Map.Entry<String, String> label : s.labels().entrySet()) {
                    for (String id : ids) {
                        assertTrue(!label.getValue().contains(id.substring(0, 12))
                                && !label.getValue().startsWith("metrics-"), s + " carries a container in a label");
                    }
                }
            }
        }
    }

    private static void awaitValue(String what, double expected, DoubleSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            last = value.getAsDouble();
            if (last == expected) {
                return;
            }
            Thread.sleep(200);
        }
        fail(what + ": " + last + ", expected " + expected);
    }

    private static void awaitAtLeast(String what, double least, DoubleSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            last = value.getAsDouble();
            if (last >= least) {
                return;
            }
            Thread.sleep(200);
        }
        fail(what + ": " + last + ", expected at least " + least);
    }
}
