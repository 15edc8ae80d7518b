package io.berth.agent.runtime;

import io.berth.events.spec.Security;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CapabilitiesTest {
    /** Docker's CapEff for a root container with default settings. */
    private static final long DOCKER_DEFAULT = 0x00000000a80425fbL;

    private static long mask(boolean privileged, List<String> add, List<String> drop) {
        return Capabilities.mask(new Security(privileged, add, drop, false));
    }

    private static long bit(String name) {
        return 1L << Capabilities.ALL.indexOf(name);
    }

    @Test
    void theDefaultIsDockersFourteen() {
        assertEquals(14, Capabilities.DEFAULT.size());
        assertEquals(DOCKER_DEFAULT, Capabilities.mask(Security.DEFAULT));
        assertEquals(14, Long.bitCount(DOCKER_DEFAULT));
    }

    @Test
    void namesAreAtTheirKernelNumbers() {
        assertEquals(41, Capabilities.ALL.size());
        assertEquals(1L, bit("CAP_CHOWN"));
        assertEquals(1L << 21, bit("CAP_SYS_ADMIN"));
        assertEquals(1L << 40, bit("CAP_CHECKPOINT_RESTORE"));
    }

    @Test
    void addAndDropInAnySpelling() {
        long mask = mask(false, List.of("net_admin", "CAP_SYS_TIME"), List.of("chown", "Cap_Kill"));
        assertEquals(DOCKER_DEFAULT - bit("CAP_CHOWN") - bit("CAP_KILL") + bit("CAP_NET_ADMIN") + bit("CAP_SYS_TIME"),
                mask);
    }

    @Test
    void addWinsOverDropOfTheSameCapability() {
        // Docker drops first, then adds.
        assertEquals(DOCKER_DEFAULT, mask(false, List.of("CHOWN"), List.of("CHOWN")));
    }

    @Test
    void dropAllKeepsOnlyTheAdds() {
        assertEquals(0L, mask(false, List.of(), List.of("ALL")));
        assertEquals(bit("CAP_NET_BIND_SERVICE"), mask(false, List.of("NET_BIND_SERVICE"), List.of("all")));
    }

    @Test
    void addAllKeepsEverythingButTheDrops() {
        long all = (1L << 41) - 1;
        assertEquals(all, mask(false, List.of("ALL"), List.of()));
        assertEquals(all - bit("CAP_SYS_ADMIN"), mask(false, List.of("ALL"), List.of("SYS_ADMIN")));
    }

    @Test
    void privilegedKeepsEverything() {
        assertEquals((1L << 41) - 1, mask(true, List.of(), List.of("ALL")));
    }

    @Test
    void unknownNamesAreRefusedByName() {
        IllegalArgumentException add = assertThrows(IllegalArgumentException.class,
                () -> mask(false, List.of("NET_ADMIN", "FLY"), List.of()));
        assertEquals("invalid CapAdd: unknown capability: \"CAP_FLY\"", add.getMessage());
        IllegalArgumentException drop = assertThrows(IllegalArgumentException.class,
                () -> mask(true, List.of(), List.of("cap_nope")));
        assertEquals("invalid CapDrop: unknown capability: \"CAP_NOPE\"", drop.getMessage());
    }

    @Test
    void confinementFollowsPrivilegedAndReadOnly() {
        Confinement normal = Confinement.of(Security.DEFAULT);
        assertEquals(DOCKER_DEFAULT, normal.capabilities().orElseThrow());
        assertEquals(true, normal.noNewPrivs());
        assertEquals(true, normal.masked().contains("/proc/kcore"));
        assertEquals(true, normal.readOnly().contains("/proc/sysrq-trigger"));
        assertEquals(false, normal.readOnlyRoot());

        Confinement privileged = Confinement.of(new Security(true, List.of(), List.of(), true));
        assertEquals(true, privileged.capabilities().isEmpty());
        assertEquals(false, privileged.noNewPrivs());
        assertEquals(List.of(), privileged.masked());
        assertEquals(List.of(), privileged.readOnly());
        assertEquals(true, privileged.readOnlyRoot());
    }
}
