package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.spec.DeviceRate;
import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ContainerUpdateTest {

    private static JsonNode json(String text) {
        return Json.read(text, JsonNode.class);
    }

    private static ContainerUpdate update(String created, String body) {
        return ContainerUpdate.of(json(created), "no", json(body), 2);
    }

    private static String refusal(String created, String body) {
        return assertThrows(ApiError.class, () -> update(created, body)).getMessage();
    }

    /** What the docker CLI 28 sends for {@code docker update -m 64m}: every Resources field, mostly zero. */
    private static final String CLI_MEMORY = "{\"BlkioWeight\":0,\"BlkioWeightDevice\":null,\"BlkioDeviceReadBps\":null,"
            + "\"CgroupParent\":\"\",\"CpuShares\":0,\"Memory\":67108864,\"NanoCpus\":0,\"CpuPeriod\":0,\"CpuQuota\":0,"
            + "\"CpusetCpus\":\"\",\"CpusetMems\":\"\",\"Devices\":null,\"MemoryReservation\":0,\"MemorySwap\":0,"
            + "\"Ulimits\":null,\"RestartPolicy\":{}}";

    @Test
    void zeroLeavesAValueAsItWasAndTheRestIsMerged() {
        ContainerUpdate u = update("{\"HostConfig\":{\"Memory\":33554432,\"NanoCpus\":500000000,\"PidsLimit\":20}}",
                CLI_MEMORY);

        assertEquals(67108864, u.resources().memoryBytes());
        assertEquals(500_000_000L, u.resources().nanoCpus());
        assertEquals(20, u.resources().pidsLimit());
        assertEquals("no", u.restartPolicy());
        assertEquals("{\"Memory\":67108864}", u.hostConfig().toString());
    }

    @Test
    void pidsLimitMinusOneLiftsAndARestartPolicyIsChecked() {
        ContainerUpdate u = update("{\"HostConfig\":{\"PidsLimit\":20}}",
                "{\"PidsLimit\":-1,\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}}");

        assertEquals(0, u.resources().pidsLimit());
        assertEquals("on-failure", u.restartPolicy());
        assertEquals("{\"PidsLimit\":-1,\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}}",
                u.hostConfig().toString());
        assertEquals("invalid restart policy: maximum retry count can only be used with 'on-failure'",
                refusal("{}", "{\"RestartPolicy\":{\"Name\":\"always\",\"MaximumRetryCount\":3}}"));
        assertEquals("Restart policy cannot be updated because AutoRemove is enabled for the container",
                refusal("{\"HostConfig\":{\"AutoRemove\":true}}", "{\"RestartPolicy\":{\"Name\":\"always\"}}"));
    }

    @Test
    void refusesWhatBerthDoesNotHonourAndDockerdsConflicts() {
        assertEquals("Berth does not support CpusetMems (--cpuset-mems) in an update: refusing to update without it",
                refusal("{}", "{\"CpusetMems\":\"0\"}"));
        assertEquals("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set",
                refusal("{\"HostConfig\":{\"NanoCpus\":500000000}}", "{\"CpuQuota\":50000}"));
        assertEquals("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at "
                        + "the same time",
                refusal("{\"HostConfig\":{\"Memory\":33554432,\"MemorySwap\":67108864}}", "{\"Memory\":134217728}"));
        assertEquals("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available",
                refusal("{}", "{\"NanoCpus\":3000000000}"));
        assertEquals("Range of blkio weight is from 10 to 1000", refusal("{}", "{\"BlkioWeight\":5}"));
    }

    @Test
    void throttlesMergeByDeviceAndARateOfZeroRemovesOne() {
        String created = "{\"HostConfig\":{\"BlkioDeviceWriteBps\":[{\"Path\":\"/dev/loop3\",\"Rate\":1048576},"
                + "{\"Path\":\"/dev/sda\",\"Rate\":5}]}}";

        ContainerUpdate u = update(created, "{\"BlkioDeviceWriteBps\":[{\"Path\":\"/dev/loop3\",\"Rate\":0},"
                + "{\"Path\":\"/dev/sdb\",\"Rate\":7}],\"BlkioWeight\":300}");

        assertEquals(List.of(new DeviceRate("/dev/sda", 5), new DeviceRate("/dev/sdb", 7)),
                u.resources().disk().writeBps());
        assertEquals(300, u.resources().disk().weight());
        assertEquals("[{\"Path\":\"/dev/sda\",\"Rate\":5},{\"Path\":\"/dev/sdb\",\"Rate\":7}]",
                u.hostConfig().get("BlkioDeviceWriteBps").toString());
        assertEquals("invalid device path for --device-write-bps: {\"Path\":\"loop3\",\"Rate\":1}: the path must be "
                        + "an absolute path on the node, such as /dev/sda",
                refusal("{}", "{\"BlkioDeviceWriteBps\":[{\"Path\":\"loop3\",\"Rate\":1}]}"));
    }
}
