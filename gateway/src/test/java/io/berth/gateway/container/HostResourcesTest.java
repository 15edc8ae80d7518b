package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.spec.Resources;
import io.berth.events.spec.Security;
import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HostResourcesTest {

    private static JsonNode host(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    private static String refusal(String json, int cpus) throws Exception {
        HostResources r = HostResources.parse(host(json));
        ApiError e = assertThrows(ApiError.class, () -> r.check(cpus));
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void carriesEveryLimitIntoTheSpec() throws Exception {
        Resources r = HostResources.parse(host("""
                {"Memory":67108864,"MemorySwap":-1,"NanoCpus":500000000,"CpuShares":512,"PidsLimit":20,
                 "CpusetCpus":"0"}""")).check(2).toResources();
        assertEquals(new Resources(64L << 20, 500_000_000L, 20, 512, -1, "0"), r);
    }

    @Test
    void quotaAndPeriodBecomeNanoCpusAndANegativePidsLimitIsNone() throws Exception {
        Resources r = HostResources.parse(host("{\"CpuQuota\":25000,\"CpuPeriod\":50000,\"PidsLimit\":-1}"))
                .check(2).toResources();
        assertEquals(500_000_000L, r.nanoCpus());
        assertEquals(0, r.pidsLimit());
        assertEquals(1_500_000_000L, HostResources.parse(host("{\"CpuQuota\":150000}")).toResources().nanoCpus());
    }

    @Test
    void refusesWithDockerdsWords() throws Exception {
        assertEquals("Minimum memory limit allowed is 6MB", refusal("{\"Memory\":4194304}", 2));
        assertEquals("Minimum memoryswap limit should be larger than memory limit, see usage",
                refusal("{\"Memory\":67108864,\"MemorySwap\":33554432}", 2));
        assertEquals("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available",
                refusal("{\"NanoCpus\":3000000000}", 2));
        assertEquals("Conflicting options: Nano CPUs and CPU Quota cannot both be set",
                refusal("{\"NanoCpus\":1000000000,\"CpuQuota\":50000}", 2));
        assertEquals("Invalid value 1-a for cpuset cpus", refusal("{\"CpusetCpus\":\"1-a\"}", 2));
        assertEquals("Requested CPUs are not available - requested 0-3, available: 0-1",
                refusal("{\"CpusetCpus\":\"0-3\"}", 2));
        assertThrows(ApiError.class, () -> HostResources.parse(host("{\"Memory\":\"lots\"}")));
    }

    @Test
    void withoutKnownNodesTheCpuCountRulesAreSkipped() throws Exception {
        HostResources.parse(host("{\"NanoCpus\":64000000000,\"CpusetCpus\":\"63\"}")).check(0);
    }

    @Test
    void securityFlagsAreCarried() throws Exception {
        assertEquals(new Security(true, List.of("NET_ADMIN"), List.of("CHOWN"), true), HostSecurity.parse(host("""
                {"Privileged":true,"CapAdd":["NET_ADMIN"],"CapDrop":["CHOWN"],"ReadonlyRootfs":true}""")));
        assertEquals(Security.DEFAULT, HostSecurity.parse(host("{}")));
    }
}
