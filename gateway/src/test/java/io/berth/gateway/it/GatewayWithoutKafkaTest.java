package io.berth.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.berth.events.Json;
import io.berth.events.Maps;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.Capacity;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.NodeRecord;
import io.berth.events.state.NodeState;
import io.berth.gateway.Gateway;
import io.berth.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway on a real Unix socket with a real (embedded) Hazelcast member and no Kafka, driven by the real
 * docker CLI and a raw HTTP client: everything that needs no command to travel.
 */
class GatewayWithoutKafkaTest {
    private static final String RUNNING_ID = "c0ffee" + "1".repeat(58);
    private static final String EXITED_ID = "c0ffee" + "2".repeat(58);
    private static Path dir;
    private static Path socket;
    private static Vertx vertx;
    private static HazelcastInstance hazelcast;
    private static Gateway gateway;
    private static RegistryFixture registry;
    private static HttpClient http;
    private static DockerCli docker;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("berth-gw-");
        socket = dir.resolve("docker.sock");
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        hazelcast = LoopbackHazelcast.start("berth-gw-test-");
        registry = new RegistryFixture();
        int port = registry.start(vertx);
        gateway = new Gateway(vertx, new GatewayConfig(null, "http://127.0.0.1:" + port, socket, null, 0, "gw-test"),
                hazelcast);
        await(gateway.start());
        // a fresh connection per request, as the docker CLI mostly does; keeps one slow answer from stalling the next
        http = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setKeepAlive(false));
        docker = new DockerCli(socket, Files.createDirectories(dir.resolve("docker-config")));
        seed();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            await(gateway.stop());
        }
        if (registry != null) {
            registry.stop();
        }
        if (hazelcast != null) {
            hazelcast.shutdown();
        }
        if (vertx != null) {
            await(vertx.close());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void seed() {
        IMap<String, String> containers = hazelcast.getMap(Maps.CONTAINERS);
        IMap<String, String> names = hazelcast.getMap(Maps.NAMES);
        IMap<String, String> nodes = hazelcast.getMap(Maps.NODES);
        ContainerSpec spec = ContainerSpec.builder("busybox").imageId(registry.configDigest)
                .repository("library/busybox").manifestDigest(registry.manifestDigest).cmd("sleep", "100")
                .env(List.of("PATH=/bin")).hostname("c0ffee111111").labels(Map.of("app", "web")).restartPolicy("no")
                .build();
        Instant now = Instant.now();
        ContainerRecord running = ContainerRecord.accepted(RUNNING_ID, "web1", spec,
                        "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"100\"],\"HostConfig\":{\"Memory\":0}}",
                        now.minusSeconds(3 * 3600).toString())
                .withNode("node-a").running(4242, now.minusSeconds(2 * 3600).toString());
        ContainerRecord exited = ContainerRecord.accepted(EXITED_ID, "job1", spec, "{\"Image\":\"busybox\"}",
                        now.minusSeconds(2 * 3600).toString())
                .withNode("node-a").running(99, now.minusSeconds(6 * 3600).toString())
                .exited(137, false, now.minusSeconds(5 * 3600).toString());
        containers.put(RUNNING_ID, Json.write(running));
        containers.put(EXITED_ID, Json.write(exited));
        names.put("web1", RUNNING_ID);
        names.put("job1", EXITED_ID);
        nodes.put("node-a", Json.write(new NodeRecord("node-a", "10.0.0.5:7070",
                new Capacity(2_000_000_000L, 4L << 30, 100), Capacity.ZERO, Map.of(), System.currentTimeMillis(),
                NodeState.READY, 1, "6.1.0")));
    }

    @Test
    void socketIsGroupOnly() throws Exception {
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    void dockerVersionShowsBerth() throws Exception {
        DockerCli.Result r = docker.run("version", "--format", "{{.Server.Version}} {{.Server.APIVersion}} {{.Server.Platform.Name}}");
        assertEquals(0, r.exit(), r.err());
        assertEquals("25.0.0 1.44 Berth", r.out().trim());
    }

    @Test
    void dockerInfoCountsContainersAndNodes() throws Exception {
        DockerCli.Result r = docker.run("info", "--format", "{{.Containers}} {{.ContainersRunning}} {{.NCPU}} {{.MemTotal}} {{.Driver}}");
        assertEquals(0, r.exit(), r.err());
        assertEquals("2 1 2 " + (4L << 30) + " overlay2", r.out().trim());
    }

    @Test
    void dockerPsListsRunningAndAll() throws Exception {
        DockerCli.Result r = docker.run("ps", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.Status}}");
        assertEquals(0, r.exit(), r.err());
        assertEquals(RUNNING_ID + " web1 Up 2 hours", r.out().trim());
        DockerCli.Result all = docker.run("ps", "-a", "--format", "{{.Names}}|{{.Status}}|{{.Command}}");
        assertEquals(0, all.exit(), all.err());
        assertEquals(List.of("job1|Exited (137) 5 hours ago|\"sleep 100\"", "web1|Up 2 hours|\"sleep 100\""),
                all.out().lines().toList());
        DockerCli.Result filtered = docker.run("ps", "-a", "-q", "--filter", "status=exited", "--filter", "label=app=web");
        assertEquals(EXITED_ID.substring(0, 12), filtered.out().trim());
    }

    @Test
    void dockerInspectByNameAndPrefix() throws Exception {
        DockerCli.Result r = docker.run("inspect", "--format",
                "{{.Id}} {{.Name}} {{.State.Status}} {{.State.Pid}} {{.Config.Hostname}} {{.Path}} {{.Args}}", "web1");
        assertEquals(0, r.exit(), r.err());
        assertEquals(RUNNING_ID + " /web1 running 4242 c0ffee111111 sleep [100]", r.out().trim());
        DockerCli.Result node = docker.run("container", "inspect", "--format", "{{.Node.ID}} {{.Node.Addr}}",
                EXITED_ID.substring(0, 10));
        assertEquals(0, node.exit(), node.err());
        assertEquals("node-a 10.0.0.5:7070", node.out().trim());
    }

    @Test
    void ambiguousPrefixAndUnknownContainer() throws Exception {
        DockerCli.Result ambiguous = docker.run("container", "inspect", "c0ffee");
        assertEquals(1, ambiguous.exit());
        assertTrue(ambiguous.err().contains("multiple IDs found with provided prefix: c0ffee"), ambiguous.err());
        DockerCli.Result missing = docker.run("container", "inspect", "nope");
        assertTrue(missing.err().contains("No such container: nope"), missing.err());
    }

    @Test
    void pingHeadersAndHeadHasNoBody() throws Exception {
        HttpClientResponse head = await(http.request(options(HttpMethod.HEAD, "/_ping")).compose(req -> req.send()));
        assertEquals(200, head.statusCode());
        assertEquals("1.44", head.getHeader("Api-Version"));
        assertEquals("linux", head.getHeader("Ostype"));
        assertEquals("inactive", head.getHeader("Swarm"));
        assertEquals("0", head.getHeader("Content-Length"));
        Reply get = call(HttpMethod.GET, "/v1.44/_ping", null);
        assertEquals("OK", get.body);
    }

    @Test
    void versionMiddlewareAndUnknownPaths() throws Exception {
        Reply tooNew = call(HttpMethod.GET, "/v1.50/version", null);
        assertEquals(400, tooNew.status);
        assertEquals("application/json", tooNew.contentType);
        assertEquals("client version 1.50 is too new. Maximum supported API version is 1.44", tooNew.json().path("message").asText());
        assertEquals(400, call(HttpMethod.GET, "/v1.12/version", null).status);
        assertEquals(200, call(HttpMethod.GET, "/v1.32/version", null).status);
        Reply unknown = call(HttpMethod.GET, "/v1.44/nothing/here", null);
        assertEquals(404, unknown.status);
        assertEquals("page not found", unknown.json().path("message").asText());
    }

    @Test
    void createRejectsBadInputAndLeavesNothingBehind() throws Exception {
        int before = hazelcast.getMap(Maps.NAMES).size();
        Reply badJson = call(HttpMethod.POST, "/v1.44/containers/create", "{\"Image\":");
        assertEquals(400, badJson.status);
        assertTrue(badJson.json().path("message").asText().startsWith("invalid JSON"), badJson.body);
        Reply badName = call(HttpMethod.POST, "/containers/create?name=no%20way", "{\"Image\":\"busybox\"}");
        assertEquals(400, badName.status);
        assertEquals("Invalid container name (no way), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed",
                badName.json().path("message").asText());
        Reply wrongType = call(HttpMethod.POST, "/containers/create", "{\"Image\":\"busybox\",\"Env\":\"A=1\"}");
        assertEquals(400, wrongType.status);
        Reply noImage = call(HttpMethod.POST, "/containers/create?name=x1", "{\"Image\":\"nope\",\"Cmd\":null}");
        assertEquals(404, noImage.status);
        assertEquals("No such image: nope:latest", noImage.json().path("message").asText());
        // valid and resolvable, but no Kafka: refused before any name or record is written
        Reply noBus = call(HttpMethod.POST, "/containers/create?name=x2", "{\"Image\":\"busybox\"}");
        assertEquals(500, noBus.status);
        assertEquals(before, hazelcast.getMap(Maps.NAMES).size());
        assertNull(hazelcast.getMap(Maps.NAMES).get("x2"));
        assertEquals(2, hazelcast.getMap(Maps.CONTAINERS).size());
    }

    @Test
    void dockerRunOfMissingImageReportsPullDenied() throws Exception {
        DockerCli.Result r = docker.run("run", "-d", "nope");
        assertEquals(125, r.exit());
        assertTrue(r.err().contains("pull access denied for nope, repository does not exist"), r.err());
    }

    @Test
    void pullOfPresentImageIsUpToDate() throws Exception {
        DockerCli.Result r = docker.run("pull", "busybox");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Status: Image is up to date for busybox:latest"), r.out());
        assertTrue(r.out().contains(registry.manifestDigest), r.out());
        assertTrue(r.out().contains(registry.layerDigest.substring(7, 19) + ": Pull complete"), r.out());
    }

    @Test
    void imageInspectFromTheRegistry() throws Exception {
        DockerCli.Result r = docker.run("image", "inspect", "--format", "{{.Id}} {{.RepoTags}} {{.Config.Cmd}}", "busybox");
        assertEquals(0, r.exit(), r.err());
        assertEquals(registry.configDigest + " [busybox:latest] [sh]", r.out().trim());
        DockerCli.Result missing = docker.run("image", "inspect", "nope:1");
        assertTrue(missing.err().contains("No such image: nope:1"), missing.err());
        DockerCli.Result list = docker.run("images", "--format", "{{.Repository}}:{{.Tag}}");
        assertEquals("busybox:latest", list.out().trim(), list.err());
    }

    @Test
    void waitOnExitedContainerAnswersAtOnce() throws Exception {
        DockerCli.Result r = docker.run("wait", "job1");
        assertEquals(0, r.exit(), r.err());
        assertEquals("137", r.out().trim());
    }

    @Test
    void lifecycleConflictsAndNotModifiedNeedNoKafka() throws Exception {
        DockerCli.Result rm = docker.run("rm", "web1");
        assertEquals(1, rm.exit());
        assertTrue(rm.err().contains("cannot remove container \"/web1\": container is running"), rm.err());
        assertEquals(304, call(HttpMethod.POST, "/v1.44/containers/web1/start", null).status);
        assertEquals(304, call(HttpMethod.POST, "/v1.44/containers/job1/stop", null).status);
        Reply kill = call(HttpMethod.POST, "/v1.44/containers/job1/kill", null);
        assertEquals(409, kill.status);
        assertEquals("container " + EXITED_ID + " is not running", kill.json().path("message").asText());
        assertEquals(404, call(HttpMethod.DELETE, "/containers/ghost", null).status);
    }

    record Reply(int status, String contentType, String body) {
        JsonNode json() {
            return Json.read(body, JsonNode.class);
        }
    }

    private static RequestOptions options(HttpMethod method, String uri) {
        return new RequestOptions().setMethod(method).setServer(SocketAddress.domainSocketAddress(socket.toString()))
                .setHost("localhost").setURI(uri);
    }

    private static Reply call(HttpMethod method, String uri, String body) throws Exception {
        return await(http.request(options(method, uri))
                .compose(req -> body == null ? req.send() : req.putHeader("Content-Type", "application/json").send(body))
                .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.getHeader("Content-Type"),
                        b.toString()))));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
}
