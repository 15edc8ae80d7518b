package io.berth.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The native API as an ops script uses it: curl over the socket, cordon and uncordon, the OpenAPI document. */
@E2e
class OpsApiIT {
    private static DockerCli docker;
    private static OpsCurl curl;

    @Test
    void clusterOverviewCordonAndUncordon() {
        DockerCli.Result run = docker.run("run", "-d", "--name", "ops-one", "busybox", "sleep", "100");
        assertTrue(run.ok(), run.toString());
        String node = Platform.get().nodeId();
        try {
            JsonNode cluster = OpsCurl.body(curl.run("http://berth/berth/v1/cluster"), 200);
            JsonNode first = cluster.path("nodes").get(0);
            assertEquals(node, first.path("id").asText());
            assertTrue(first.path("alive").asBoolean(), first.toString());
            assertTrue(first.path("capacity").path("memoryBytes").asLong() > 0, first.toString());
            assertTrue(first.path("containers").toString().contains("ops-one"), first.toString());

            assertEquals("cordoned", OpsCurl.body(curl.run("-X", "POST", "http://berth/berth/v1/nodes/" + node + "/cordon"), 200)
                    .path("state").asText());
            DockerCli.Result refused = docker.run("run", "-d", "--name", "ops-refused", "busybox", "true");
            assertEquals(125, refused.exitCode(), refused.toString());
            assertTrue(refused.stderr().contains("cordoned"), refused.toString());
            assertEquals(1, docker.run("inspect", "ops-refused").exitCode(), "nothing half-created");
            assertTrue(docker.run("inspect", "ops-one").ok(), "a cordoned node keeps its containers");

            assertEquals("ready", OpsCurl.body(curl.run("-X", "POST", "http://berth/berth/v1/nodes/" + node + "/uncordon"), 200)
                    .path("state").asText());
            assertEquals("No such node: nope", OpsCurl.body(curl.run("http://berth/berth/v1/nodes/nope"), 404)
                    .path("message").asText());
            JsonNode openApi = OpsCurl.body(curl.run("http://berth/berth/v1/openapi.json"), 200);
            assertEquals("3.0.3", openApi.path("openapi").asText());
            assertTrue(openApi.path("paths").has("/berth/v1/nodes/{id}/cordon"));
        } finally {
            curl.run("-X", "POST", "http://berth/berth/v1/nodes/" + node + "/uncordon");
            docker.run("rm", "-f", "ops-one");
        }
    }
}
