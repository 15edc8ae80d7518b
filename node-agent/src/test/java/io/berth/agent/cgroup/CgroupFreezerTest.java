package io.berth.agent.cgroup;

import io.berth.agent.sys.RecordingSyscalls;
import io.berth.events.spec.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** freeze and thaw on temporary trees laid out like cgroupfs; the "kernel" is a file the test flips. */
class CgroupFreezerTest {
    private static final String ID = "c0ffee";

    @TempDir
    Path tmp;

    @Test
    void v1WritesFrozenUntilTheStateReadsFrozenThenThaws() throws Exception {
        CgroupV1 cgroups = new CgroupV1(CgroupFsTree.v1(tmp), new RecordingSyscalls());
        cgroups.create(ID, Resources.NONE);
        Path state = tmp.resolve("freezer/berth/c0ffee/freezer.state");
        Files.writeString(state, "THAWED\n");

        cgroups.freeze(ID);
        assertEquals("FROZEN", Files.readString(state));
        cgroups.thaw(ID);
        assertEquals("THAWED", Files.readString(state));
    }

    @Test
    void v2WaitsForCgroupEventsToReportFrozen() throws Exception {
        CgroupV2 cgroups = new CgroupV2(CgroupFsTree.v2(tmp, "cpu memory pids"), new RecordingSyscalls());
        cgroups.create(ID, Resources.NONE);
        Path dir = tmp.resolve("berth/c0ffee");
        Files.writeString(dir.resolve("cgroup.freeze"), "0\n");
        Path events = dir.resolve("cgroup.events");
        Files.writeString(events, "populated 1\nfrozen 0\n");
        // the kernel reports frozen a little after the write
        CompletableFuture<Void> kernel = CompletableFuture.runAsync(() -> {
            try {
                Files.writeString(events, "populated 1\nfrozen 1\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));

        cgroups.freeze(ID);
        kernel.get();
        assertEquals("1", Files.readString(dir.resolve("cgroup.freeze")));
        Files.writeString(events, "populated 1\nfrozen 0\n");
        cgroups.thaw(ID);
        assertEquals("0", Files.readString(dir.resolve("cgroup.freeze")));
    }

    @Test
    void freezingAContainerWithoutACgroupFailsNamingThePath() throws IOException {
        CgroupV1 cgroups = new CgroupV1(CgroupFsTree.v1(tmp), new RecordingSyscalls());
        IOException e = assertThrows(IOException.class, () -> cgroups.freeze(ID));
        assertEquals(true, e.getMessage().contains("freezer/berth/c0ffee/freezer.state"), e.getMessage());
    }
}
