package io.berth.gateway.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.spec.NetworkSpec;
import io.berth.gateway.container.HostNetwork;
import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkRequestTest {

    private static NetworkRequest parse(String json) {
        return NetworkRequest.parse(Json.read(json, JsonNode.class));
    }

    private static ApiError refused(String json) {
        return assertThrows(ApiError.class, () -> parse(json));
    }

    @Test
    void theCliAndComposeBodiesAreAccepted() {
        NetworkRequest cli = parse("""
                {"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{},"Config":[]},"Internal":false,
                 "Attachable":false,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{},
                 "Name":"n1","CheckDuplicate":true}""");
        assertEquals("n1", cli.name());
        assertNull(cli.subnet());
        NetworkRequest compose = parse("""
                {"Name":"app_back","CheckDuplicate":true,"Labels":{"com.docker.compose.project":"app"},"Attachable":true}""");
        assertEquals(Map.of("com.docker.compose.project", "app"), compose.labels());
        assertTrue(compose.attachable());
        NetworkRequest fixed = parse("""
                {"Name":"n2","Internal":true,"IPAM":{"Config":[{"Subnet":"10.77.0.0/24","Gateway":"10.77.0.254"}]}}""");
        assertEquals("10.77.0.0/24", fixed.subnet().toString());
        assertEquals("10.77.0.254", fixed.gateway().toString());
        assertTrue(fixed.internal());
    }

    @Test
    void badInputIsRefusedWithDockerdsWordsOrNamed() {
        assertEquals("invalid CIDR address: 10.1.2.300/24",
                refused("{\"Name\":\"n\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.1.2.300/24\"}]}}").getMessage());
        assertEquals("invalid subnet 10.1.2.5/24 : it should be 10.1.2.0/24",
                refused("{\"Name\":\"n\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.1.2.5/24\"}]}}").getMessage());
        assertEquals("no matching subnet for gateway 10.9.0.1", refused(
                "{\"Name\":\"n\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.1.2.0/24\",\"Gateway\":\"10.9.0.1\"}]}}").getMessage());
        assertEquals(409, refused("{\"Name\":\"bridge\"}").status());
        assertEquals("network name must be specified", refused("{}").getMessage());
        for (String[] c : new String[][]{
                {"{\"Name\":\"n\",\"Driver\":\"overlay\"}", "Driver overlay (--driver)"},
                {"{\"Name\":\"n\",\"EnableIPv6\":true}", "EnableIPv6 (--ipv6)"},
                {"{\"Name\":\"n\",\"Options\":{\"com.docker.network.bridge.name\":\"x\"}}", "Options (--opt)"},
                {"{\"Name\":\"n\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.1.2.0/24\",\"IPRange\":\"10.1.2.0/25\"}]}}",
                        "IPRange (--ip-range)"}}) {
            ApiError e = refused(c[0]);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().startsWith("Berth does not support " + c[1]), e.getMessage());
        }
    }

    @Test
    void filtersSelectByNameIdLabelTypeAndDangling() {
        NetworkFilters f = NetworkFilters.forList("{\"label\":[\"com.docker.compose.project=app\"],\"name\":{\"app\":true}}");
        assertTrue(f.selects("app_default", "abc", "bridge", false, Map.of("com.docker.compose.project", "app"), false));
        assertFalse(f.selects("app_default", "abc", "bridge", false, Map.of("com.docker.compose.project", "other"), false));
        assertFalse(f.selects("bridge", "abc", "bridge", true, Map.of(), false));
        NetworkFilters custom = NetworkFilters.forList("{\"type\":{\"custom\":true},\"id\":{\"ab\":true}}");
        assertTrue(custom.selects("x", "abc", "bridge", false, Map.of(), false));
        assertFalse(custom.selects("bridge", "abc", "bridge", true, Map.of(), false));
        assertFalse(custom.selects("x", "bcd", "bridge", false, Map.of(), false));
        NetworkFilters dangling = NetworkFilters.forList("{\"dangling\":{\"true\":true}}");
        assertTrue(dangling.selects("x", "a", "bridge", false, Map.of(), false));
        assertFalse(dangling.selects("x", "a", "bridge", false, Map.of(), true));
        assertEquals(400, assertThrows(ApiError.class, () -> NetworkFilters.forList("{\"type\":{\"odd\":true}}")).status());
        assertEquals(Set.of("label", "label!", "until"), NetworkFilters.PRUNE_KEYS);
    }

    @Test
    void aliasesComeFromTheEndpointAndNeedAUserNetwork() {
        JsonNode body = Json.read("""
                {"Image":"busybox","HostConfig":{"NetworkMode":"app_back"},
                 "NetworkingConfig":{"EndpointsConfig":{"app_back":{"Aliases":["web","web"],"IPAMConfig":{}}}}}""",
                JsonNode.class);
        NetworkSpec spec = HostNetwork.parse(body, body.get("HostConfig"));
        assertEquals("app_back", spec.mode());
        assertEquals(List.of("web"), spec.aliases());
        JsonNode onBridge = Json.read("""
                {"Image":"busybox","NetworkingConfig":{"EndpointsConfig":{"default":{"Aliases":["web"]}}}}""",
                JsonNode.class);
        assertEquals("network-scoped alias is supported only for containers in user defined networks",
                assertThrows(ApiError.class, () -> HostNetwork.parse(onBridge, onBridge.get("HostConfig"))).getMessage());
        JsonNode two = Json.read("""
                {"Image":"busybox","NetworkingConfig":{"EndpointsConfig":{"a":{},"b":{}}}}""", JsonNode.class);
        assertTrue(assertThrows(ApiError.class, () -> HostNetwork.parse(two, two.get("HostConfig"))).getMessage()
                .startsWith("Container cannot be connected to network endpoints: a, b"));
    }
}
