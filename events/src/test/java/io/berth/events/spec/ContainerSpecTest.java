package io.berth.events.spec;

import io.berth.events.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContainerSpecTest {
    /** The wire form, written down before the builder replaced positional construction: it must not move. */
    static final String FULL = "{\"image\":\"busybox\",\"imageId\":\"sha256:c\",\"repository\":\"library/busybox\","
            + "\"manifestDigest\":\"sha256:d\",\"layers\":[{\"digest\":\"sha256:e\","
            + "\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"size\":123}],"
            + "\"entrypoint\":[\"/bin/sh\"],\"cmd\":[\"sleep\",\"100\"],\"env\":[\"PATH=/bin\"],\"workingDir\":\"/w\","
            + "\"hostname\":\"h\",\"user\":\"1:2\",\"labels\":{\"k\":\"v\"},\"tty\":true,\"openStdin\":true,"
            + "\"resources\":{\"memoryBytes\":67108864,\"nanoCpus\":500000000,\"pidsLimit\":100,\"cpuShares\":0,"
            + "\"memorySwap\":0,\"cpusetCpus\":\"\"},\"restartPolicy\":\"always\",\"security\":{\"privileged\":false,"
            + "\"capAdd\":[],\"capDrop\":[],\"readOnlyRootfs\":false},\"consoleSize\":{\"height\":24,\"width\":80}}";
    static final String MINIMAL = "{\"image\":\"busybox\",\"repository\":\"library/busybox\",\"layers\":[],"
            + "\"entrypoint\":[],\"cmd\":[\"sh\"],\"env\":[],\"workingDir\":\"/\",\"user\":\"\",\"labels\":{},"
            + "\"tty\":false,\"openStdin\":false,\"resources\":{\"memoryBytes\":0,\"nanoCpus\":0,\"pidsLimit\":0,"
            + "\"cpuShares\":0,\"memorySwap\":0,\"cpusetCpus\":\"\"},\"restartPolicy\":\"no\",\"security\":{"
            + "\"privileged\":false,\"capAdd\":[],\"capDrop\":[],\"readOnlyRootfs\":false}}";

    /** Fields added since the builder, each with its own default; the pinned forms above predate them. */
    static final List<String> ADDED_SINCE = List.of("network", "init", "healthcheck", "mounts");

    /** The wire form without the fields added since, which must not have moved. */
    private static String pinned(ContainerSpec spec) {
        com.fasterxml.jackson.databind.node.ObjectNode tree = Json.MAPPER.valueToTree(spec);
        tree.remove(ADDED_SINCE);
        return tree.toString();
    }

    private static ContainerSpec full() {
        return ContainerSpec.builder("busybox").imageId("sha256:c").repository("library/busybox")
                .manifestDigest("sha256:d")
                .layers(List.of(new LayerRef("sha256:e", "application/vnd.oci.image.layer.v1.tar+gzip", 123)))
                .entrypoint(List.of("/bin/sh")).cmd("sleep", "100").env(List.of("PATH=/bin")).workingDir("/w")
                .hostname("h").user("1:2").labels(Map.of("k", "v")).tty(true).openStdin(true)
                .resources(new Resources(64 << 20, 500_000_000, 100, 0)).restartPolicy("always")
                .security(Security.DEFAULT).consoleSize(new ConsoleSize(24, 80)).build();
    }

    @Test
    void aBuiltSpecHasTheWireFormPositionalConstructionHad() {
        assertEquals(FULL, pinned(full()));
    }

    @Test
    void unsetFieldsTakeTheRecordsDefaults() {
        ContainerSpec minimal = ContainerSpec.builder("busybox").repository("library/busybox").cmd("sh").build();
        assertEquals(MINIMAL, pinned(minimal));
    }

    @Test
    void aSpecReadBackEqualsTheOneWritten() {
        assertEquals(full(), Json.read(FULL, ContainerSpec.class));
    }

    @Test
    void toBuilderChangesOnlyWhatItIsTold() {
        ContainerSpec paused = full().toBuilder().restartPolicy("no").build();
        assertEquals(FULL.replace("\"always\"", "\"no\""), pinned(paused));
    }
}
