package io.berth.deploy.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Docker's error semantics as clients depend on them: the status each failure has (404, 409, 400; 304 counted as
 * success by the CLI), {@code {"message":…}} bodies typed exactly {@code application/json}, the headers dockerd
 * puts on every answer, and version negotiation (API 1.44 claimed, 1.24 the minimum, a newer one refused with 400
 * so a client can fall back), both on the wire and as the docker CLI reports them.
 */
@E2e
class ErrorSemanticsIT {
    private static DockerCli docker;
    private static RawHttp http;
    private static MadeContainers made;
    private static String running;

    @BeforeAll
    static void platform() {
        http = new RawHttp(Platform.get().socket());
        running = made.runDetached("--name", "sem-running", "busybox", "sleep", "300");
    }

    private static void assertError(RawHttp.Response r, int status, String message) {
        assertEquals(status, r.status(), r.toString());
        assertEquals("application/json", r.contentType(), "no charset: " + r);
        assertEquals("{\"message\":" + quoted(message) + "}", r.body().trim(), r.toString());
        assertEquals("1.44", r.headers().get("api-version"), "dockerd's headers on every answer: " + r);
        assertEquals("linux", r.headers().get("ostype"), r.toString());
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void statusesAndBodiesOnTheWire() {
        assertError(http.send("GET", "/v1.44/containers/sem-nope/json", null), 404, "No such container: sem-nope");
        assertError(http.send("GET", "/v1.44/no/such/endpoint", null), 404, "page not found");
        assertError(http.send("GET", "/no-such-endpoint", null), 404, "page not found");
        assertError(http.send("DELETE", "/v1.44/containers/sem-running", null), 409,
                "cannot remove container \"/sem-running\": container is running: stop the container before "
                        + "removing or force remove");
        assertError(http.send("POST", "/v1.44/containers/create?name=sem-running", "{\"Image\":\"busybox\"}"), 409,
                "Conflict. The container name \"/sem-running\" is already in use by container \"" + running
                        + "\". You have to remove (or rename) that container to be able to reuse that name.");
        assertError(http.send("POST", "/v1.44/containers/create?name=bad%20name", "{\"Image\":\"busybox\"}"), 400,
                "Invalid container name (bad name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        RawHttp.Response badJson = http.send("POST", "/v1.44/containers/create", "{\"Image\":");
        assertEquals(400, badJson.status(), badJson.toString());
        assertEquals("application/json", badJson.contentType());

        RawHttp.Response again = http.send("POST", "/v1.44/containers/sem-running/start", null);
        assertEquals(304, again.status(), again.toString());
        assertEquals("", again.body(), "304 has no body");

        RawHttp.Response ok = http.send("GET", "/v1.44/containers/sem-running/json", null);
        assertEquals(200, ok.status());
        assertEquals("application/json", ok.contentType(), "success bodies have no charset either");
    }

    @Test
    void versionNegotiation() {
        RawHttp.Response unversioned = http.send("GET", "/version", null);
        assertEquals(200, unversioned.status(), unversioned.toString());
        assertTrue(unversioned.body().contains("\"ApiVersion\":\"1.44\"")
                && unversioned.body().contains("\"MinAPIVersion\":\"1.24\""), unversioned.body());
        assertEquals(200, http.send("GET", "/v1.24/version", null).status(), "the minimum is served");
        assertEquals(200, http.send("GET", "/v1.44/containers/json", null).status());
        assertError(http.send("GET", "/v1.45/version", null), 400,
                "client version 1.45 is too new. Maximum supported API version is 1.44");
        assertError(http.send("GET", "/v1.23/containers/json", null), 400,
                "client version 1.23 is too old. Minimum supported API version is 1.24, please upgrade your client "
                        + "to a newer version");
        RawHttp.Response head = http.send("HEAD", "/_ping", Map.of(), null, false, Duration.ofSeconds(30));
        assertEquals(200, head.status());
        assertEquals("1.44", head.headers().get("api-version"));
        assertEquals("", head.body(), "HEAD /_ping has no body");

        DockerCli.Result tooNew = docker.withEnv("DOCKER_API_VERSION", "1.45").run("ps");
        assertEquals(1, tooNew.exitCode(), tooNew.toString());
        assertTrue(tooNew.stderr().contains("client version 1.45 is too new. Maximum supported API version is 1.44"),
                tooNew.toString());
        DockerCli.Result oldest = docker.withEnv("DOCKER_API_VERSION", "1.24").run("ps", "--filter",
                "name=sem-running", "--format", "{{.Names}}");
        assertEquals(0, oldest.exitCode(), oldest.toString());
        assertEquals("sem-running", oldest.stdout().trim(), "a 1.24 client is served");
        assertEquals("1.44", docker.run("version", "--format", "{{.Client.APIVersion}}").stdout().trim(),
                "the CLI negotiates down to the 1.44 the server claims");
    }

    @Test
    void theCliMapsEachStatusAsDockerDoes() {
        DockerCli.Result notFound = docker.run("stop", "sem-nope");
        assertEquals(1, notFound.exitCode(), notFound.toString());
        assertEquals("Error response from daemon: No such container: sem-nope\n", notFound.stderr());
        DockerCli.Result conflict = docker.run("rm", "sem-running");
        assertEquals(1, conflict.exitCode(), conflict.toString());
        assertTrue(conflict.stderr().startsWith("Error response from daemon: cannot remove container"),
                "the message is parsed, not printed raw: " + conflict);
        DockerCli.Result notModified = docker.run("start", "sem-running");
        assertEquals(0, notModified.exitCode(), "304 is success: " + notModified);
        assertEquals("sem-running\n", notModified.stdout());
        DockerCli.Result invalid = docker.run("create", "--name", "bad name", "busybox");
        assertEquals(1, invalid.exitCode(), invalid.toString());
        assertTrue(invalid.stderr().contains("Error response from daemon: Invalid container name (bad name)"),
                invalid.toString());
    }
}
