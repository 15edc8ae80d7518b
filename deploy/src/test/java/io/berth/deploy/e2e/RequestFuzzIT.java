package io.berth.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded stream of a few hundred bad requests (malformed JSON, wrong types, huge bodies, invalid names and
 * references, unknown endpoints, bad query parameters, random bytes) against the running platform. Every answer
 * must be a 4xx with {@code Content-Type: application/json} and a {@code message}, within the client timeout;
 * afterwards {@code docker ps -a} is unchanged, the names tried are free and the node holds no new container
 * directory or mount. {@code -Dberth.fuzz.seed=N} replays a run; a failure names the seed and the request.
 */
@E2e
class RequestFuzzIT {
    private static final long SEED = Long.getLong("berth.fuzz.seed", 20261129L);
    private static final int COUNT = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String FIXTURE = "fuzz-fixture";
    private static final String CREATE = "/v1.44/containers/create";
    private static final String VALID = "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DockerCli docker;
    private static RawHttp http;
    private static String fixtureId;

    /** One request as generated: what it is, for the failure message, and how to send it. */
    private record Probe(String what, String method, String path, Map<String, String> headers, byte[] body,
                         boolean chunked) {
        static Probe json(String what, String method, String path, String body) {
            return new Probe(what, method, path, Map.of("Content-Type", "application/json"),
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8), false);
        }
    }

    @BeforeAll
    static void platform() {
        http = new RawHttp(Platform.get().socket());
        DockerCli.Result fixture = docker.run("create", "--name", FIXTURE, "busybox", "true");
        assertTrue(fixture.ok(), fixture.toString());
        fixtureId = fixture.stdout().trim();
    }

    @AfterAll
    static void removeFixture() {
        if (docker != null) {
            docker.run("rm", "-f", FIXTURE);
        }
    }

    @Test
    void badRequestsGetA4xxJsonMessageAndLeaveNoTrace() {
        String psBefore = psAll();
        List<String> dirsBefore = containerDirs();
        List<String> mountsBefore = platformMounts();
        Random random = new Random(SEED);
        List<Function<Random, Probe>> kinds = List.of(RequestFuzzIT::malformedJson, RequestFuzzIT::wrongType,
                RequestFuzzIT::invalidName, RequestFuzzIT::invalidReference, RequestFuzzIT::unknownEndpoint,
                RequestFuzzIT::badQuery, RequestFuzzIT::randomBytes);
        List<Probe> probes = new ArrayList<>(hugeBodies());
        for (int i = probes.size(); i < COUNT; i++) {
            probes.add(kinds.get(random.nextInt(kinds.size())).apply(random));
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            Probe p = probes.get(i);
            String label = "seed " + SEED + " #" + i + " " + p.what() + ": " + p.method() + " "
                    + abbreviate(p.path());
            try {
                RawHttp.Response r = http.send(p.method(), p.path(), p.headers(), p.body(), p.chunked(), TIMEOUT);
                String problem = judge(p, r);
                if (problem != null) {
                    failures.add(label + " → " + problem);
                }
            } catch (AssertionError e) {
                failures.add(label + " → " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + probes.size() + " answers were wrong");

        assertEquals(psBefore, psAll(), "docker ps -a is unchanged");
        assertEquals(dirsBefore, containerDirs(), "no container directory was made on the node");
        assertEquals(mountsBefore, platformMounts(), "no mount was made under the platform's root");
        for (String name : List.of("fuzz-name-1", "fuzz-name-2", "fuzz-name-3")) {
            DockerCli.Result create = docker.run("create", "--name", name, "busybox", "true");
            assertTrue(create.ok(), "the name " + name + " tried by the fuzz is free: " + create);
            assertTrue(docker.run("rm", name).ok());
        }
    }

    private static String judge(Probe p, RawHttp.Response r) {
        if (r.status() < 400 || r.status() > 499) {
            return "status " + r.status() + " " + abbreviate(r.body());
        }
        if (!"application/json".equals(r.contentType())) {
            return "Content-Type " + r.contentType() + " on " + r.status() + " " + abbreviate(r.body());
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            return "body is not JSON: " + abbreviate(r.body());
        }
        if (body == null || !body.path("message").isTextual() || body.path("message").asText().isBlank()) {
            return "no message: " + abbreviate(r.body());
        }
        if (p.what().startsWith("unknown endpoint") && !(r.status() == 404
                && "page not found".equals(body.path("message").asText()))) {
            return "not Docker's 404 page not found: " + r.status() + " " + r.body();
        }
        return null;
    }

    // --- the generators: every request they make is one Docker refuses, so none may leave anything behind ---

    private static List<Probe> hugeBodies() {
        byte[] fifty = bigCreateBody(50 << 20);
        byte[] five = bigCreateBody(5 << 20);
        return List.of(
                new Probe("huge body 50 MB", "POST", CREATE + "?name=fuzz-name-1",
                        Map.of("Content-Type", "application/json"), fifty, false),
                new Probe("huge body 5 MB", "POST", CREATE, Map.of("Content-Type", "application/json"), five, false),
                new Probe("huge chunked body 20 MB", "POST", CREATE,
                        Map.of("Content-Type", "application/json"), bigCreateBody(20 << 20), true),
                new Probe("huge exec body 50 MB", "POST", "/v1.44/containers/" + FIXTURE + "/exec",
                        Map.of("Content-Type", "application/json"), fifty, false));
    }

    /** A create body that would be valid but for its size. */
    private static byte[] bigCreateBody(int size) {
        String head = "{\"Image\":\"busybox\",\"Cmd\":[\"echo\",\"";
        String tail = "\"]}";
        byte[] body = new byte[size];
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, body, 0, h.length);
        Arrays.fill(body, h.length, size - t.length, (byte) 'A');
        System.arraycopy(t, 0, body, size - t.length, t.length);
        return body;
    }

    private static Probe malformedJson(Random r) {
        List<String> broken = List.of("{\"Image\": busybox", "{'Image':'busybox'}", "{\"Image\":\"busybox\",}",
                "{\"Image\":\"busybox\" \"Cmd\":[]}", "[", "", "nul", "{\"Image\":\"busybox\",\"Env\":[\"A=1\",]}",
                "[]", "\"busybox\"", "42", "null", "true", "{}", "{\"Image\":\"\"}", "{\"Image\":null}",
                "{\"Image\":\"\\uZZZZ\"}", "\u00ef\u00bb\u00bf{\"Image\":\"busybox\"", "{{}}", "{\"Image\"}");
        String body = r.nextBoolean() ? VALID.substring(0, 1 + r.nextInt(VALID.length() - 1))
                : broken.get(r.nextInt(broken.size()));
        return Probe.json("malformed JSON " + abbreviate(body), "POST", CREATE + "?name=fuzz-name-" + (1 + r.nextInt(3)),
                body);
    }

    private static Probe wrongType(Random r) {
        List<String> top = List.of("\"Image\":5", "\"Image\":[]", "\"Image\":{}", "\"Image\":true", "\"Cmd\":5",
                "\"Cmd\":{\"a\":1}", "\"Cmd\":[1,2]", "\"Cmd\":true", "\"Entrypoint\":5", "\"Entrypoint\":{}",
                "\"Env\":\"A=1\"", "\"Env\":[1]", "\"Env\":{\"A\":\"1\"}", "\"Labels\":[\"a\"]", "\"Labels\":\"x\"",
                "\"Labels\":{\"a\":1}", "\"Tty\":\"yes\"", "\"Tty\":1", "\"OpenStdin\":\"no\"", "\"Hostname\":5",
                "\"Hostname\":[]", "\"WorkingDir\":5", "\"User\":7", "\"HostConfig\":\"x\"", "\"HostConfig\":5",
                "\"HostConfig\":[]");
        List<String> host = List.of("\"Memory\":\"lots\"", "\"Memory\":true", "\"Memory\":{}", "\"Memory\":1.5",
                "\"NanoCpus\":\"half\"", "\"PidsLimit\":\"x\"", "\"CpuShares\":\"x\"", "\"RestartPolicy\":\"always\"",
                "\"RestartPolicy\":{\"Name\":5}", "\"AutoRemove\":\"yes\"", "\"Privileged\":\"yes\"",
                "\"CapAdd\":\"ALL\"", "\"CapDrop\":[5]", "\"ReadonlyRootfs\":\"no\"", "\"CpusetCpus\":5",
                "\"Memory\":1024", "\"NanoCpus\":-1");
        String body;
        if (r.nextBoolean()) {
            String field = top.get(r.nextInt(top.size()));
            body = field.startsWith("\"Image\"") ? "{" + field + ",\"Cmd\":[\"true\"]}"
                    : "{\"Image\":\"busybox\",\"Cmd\":[\"true\"]," + field + "}";
        } else {
            body = "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{" + host.get(r.nextInt(host.size()))
                    + "}}";
        }
        return Probe.json("wrong type " + body, "POST", CREATE, body);
    }

    private static Probe invalidName(Random r) {
        List<String> names = List.of("/bad name", "a".repeat(300), "-lead", ".lead", "_lead", "a/b", "a:b",
                "\u00e4rger", "a b", "a", "/", "//x", "x\ty", "name;rm", "semi\u0000null");
        String name = names.get(r.nextInt(names.size()));
        String q = URLEncoder.encode(name, StandardCharsets.UTF_8);
        return r.nextBoolean()
                ? Probe.json("invalid name " + abbreviate(name), "POST", CREATE + "?name=" + q, VALID)
                : Probe.json("invalid rename " + abbreviate(name), "POST",
                        "/v1.44/containers/" + FIXTURE + "/rename?name=" + q, null);
    }

    private static Probe invalidReference(Random r) {
        List<String> refs = List.of("UPPER", "a@@b", "sha256:zz", "busybox:", ":latest", "busybox@sha256:zz", "a b",
                "-busybox", "busybox:" + "t".repeat(200), "UPPER/Case:1", "busybox::x", "a//b", "@", "sha256:",
                "localhost:99999999/x");
        String ref = refs.get(r.nextInt(refs.size()));
        String enc = URLEncoder.encode(ref, StandardCharsets.UTF_8).replace("+", "%20");
        return switch (r.nextInt(4)) {
            case 0 -> Probe.json("invalid image reference " + abbreviate(ref), "POST", CREATE,
                    "{\"Image\":" + quote(ref) + ",\"Cmd\":[\"true\"]}");
            case 1 -> Probe.json("inspect of an invalid image " + abbreviate(ref), "GET",
                    "/v1.44/images/" + enc + "/json", null);
            case 2 -> Probe.json("pull of an invalid reference " + abbreviate(ref), "POST",
                    "/v1.44/images/create?fromImage=" + enc, null);
            default -> Probe.json("invalid container reference " + abbreviate(ref), "GET",
                    "/v1.44/containers/" + enc + "/json", null);
        };
    }

    private static Probe unknownEndpoint(Random r) {
        List<String> methods = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
        String path = switch (r.nextInt(4)) {
            case 0 -> "/v1.44/" + word(r) + "/" + word(r);
            case 1 -> "/" + word(r);
            case 2 -> "/v1.44/containers/" + FIXTURE + "/" + word(r) + "/" + word(r);
            default -> "/v1.44/containers";
        };
        return Probe.json("unknown endpoint", methods.get(r.nextInt(methods.size())), path, null);
    }

    private static Probe badQuery(Random r) {
        String f = "/v1.44/containers/" + FIXTURE;
        List<String[]> bad = List.of(
                new String[] {"GET", "/v1.44/containers/json?filters=notjson"},
                new String[] {"GET", "/v1.44/containers/json?all=maybe&filters=" + enc("{\"bogus\":[\"x\"]}")},
                new String[] {"GET", "/v1.44/containers/json?limit=abc"},
                new String[] {"GET", "/v1.44/containers/json?filters=" + enc("{\"status\":[\"flying\"]}")},
                new String[] {"GET", "/v1.44/containers/json?filters=" + enc("{\"exited\":[\"x\"]}")},
                new String[] {"GET", "/v1.44/containers/json?filters=" + enc("[")},
                new String[] {"POST", f + "/stop?t=abc"},
                new String[] {"POST", f + "/restart?t=abc"},
                new String[] {"POST", "/v1.44/containers/fuzz-no-such/stop?t=-5"},
                new String[] {"POST", f + "/kill?signal=NOPE"},
                new String[] {"POST", f + "/wait?condition=bogus"},
                new String[] {"GET", f + "/logs"},
                new String[] {"GET", f + "/top?ps_args=" + enc("-ef;x")},
                new String[] {"GET", "/v1.44/events?since=yesterday"},
                new String[] {"GET", "/v1.44/events?until=abc"},
                new String[] {"GET", "/v1.44/events?filters=" + enc("{\"bogus\":[\"x\"]}")},
                new String[] {"POST", "/v1.44/containers/prune?filters=" + enc("{\"bogus\":[\"x\"]}")},
                new String[] {"POST", "/v1.44/containers/prune?filters=notjson"},
                new String[] {"GET", "/v1.44/images/json?filters=notjson"},
                new String[] {"POST", "/v1.44/images/create?fromImage=&tag="},
                new String[] {"GET", "/v1.44/containers/json?filters=%zz"},
                new String[] {"GET", "/v1.44/containers/%zz/json"},
                new String[] {"DELETE", "/v1.44/containers/fuzz-no-such?force=maybe&v=maybe"},
                new String[] {"POST", "/v1.44/containers/create?name=fuzz-name-2"});
        String[] pick = bad.get(r.nextInt(bad.size()));
        // the last one has no body at all: Docker's "invalid JSON: got EOF"
        return Probe.json("bad query", pick[0], pick[1], null);
    }

    private static Probe randomBytes(Random r) {
        byte[] junk = new byte[1 + r.nextInt(4096)];
        r.nextBytes(junk);
        List<String> targets = List.of(CREATE + "?name=fuzz-name-3", "/v1.44/containers/" + FIXTURE + "/exec",
                "/v1.44/exec/fuzz-no-such/start", "/v1.44/containers/" + FIXTURE + "/wait?condition=" + word(r));
        if (r.nextInt(4) == 0) {
            byte[] seg = new byte[1 + r.nextInt(40)];
            r.nextBytes(seg);
            String path = "/v1.44/containers/" + URLEncoder.encode(new String(seg, StandardCharsets.ISO_8859_1),
                    StandardCharsets.ISO_8859_1) + "/json";
            return Probe.json("random path bytes", "GET", path, null);
        }
        String target = targets.get(r.nextInt(targets.size()));
        String type = r.nextBoolean() ? "application/json" : "application/octet-stream";
        return new Probe("random body bytes (" + type + ")", "POST", target, Map.of("Content-Type", type), junk,
                false);
    }

    // --- observation ---

    private static String psAll() {
        DockerCli.Result ps = docker.run("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.Status}}");
        assertTrue(ps.ok(), ps.toString());
        return ps.stdout();
    }

    private static List<String> containerDirs() {
        Path dir = Platform.get().root().resolve("data").resolve("nodes").resolve(Platform.get().nodeId())
                .resolve("containers");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            // the fixture's own directory is laid out by its node after create answers: not the fuzz's doing
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.equals(fixtureId)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> platformMounts() {
        try {
            String root = Platform.get().root().toString();
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(root))
                    .map(l -> l.split(" ")[4]).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String word(Random r) {
        int n = 1 + r.nextInt(10);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + r.nextInt(26)));
        }
        return "zz" + s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String s) {
        String flat = s.replaceAll("[\\r\\n]", " ");
        return flat.length() <= 120 ? flat : flat.substring(0, 120) + "…(" + flat.length() + " chars)";
    }
}
