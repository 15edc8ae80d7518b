package io.berth.agent.runtime;

import io.berth.agent.sys.Errno;
import io.berth.agent.sys.RecordingSyscalls;
import io.berth.agent.sys.SyscallFailure;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OverlayRootTest {
    private final ContainerFiles files = new ContainerFiles(Path.of("/var/lib/berth/containers/abc"));

    @Test
    void topLayerComesFirstInLowerdir() {
        String options = OverlayRoot.options(List.of(Path.of("/l/base"), Path.of("/l/mid"), Path.of("/l/top")),
                files.upper(), files.work());
        assertEquals("lowerdir=/l/top:/l/mid:/l/base,upperdir=/var/lib/berth/containers/abc/upper,"
                + "workdir=/var/lib/berth/containers/abc/work", options);
    }

    @Test
    void refusesSeparatorsInPaths() {
        assertThrows(IllegalArgumentException.class,
                () -> OverlayRoot.options(List.of(Path.of("/l/a,upperdir=/etc")), files.upper(), files.work()));
        assertThrows(IllegalArgumentException.class,
                () -> OverlayRoot.options(List.of(Path.of("/l/a:b")), files.upper(), files.work()));
        assertThrows(IllegalArgumentException.class,
                () -> OverlayRoot.options(List.of(), files.upper(), files.work()));
    }

    @Test
    void mountsOverlayAtRootfs() throws SyscallFailure {
        RecordingSyscalls syscalls = new RecordingSyscalls();
        new OverlayRoot(syscalls).mount(List.of(Path.of("/l/only")), files);
        assertEquals(List.of("mount overlay /var/lib/berth/containers/abc/rootfs overlay 0 lowerdir=/l/only,"
                + "upperdir=/var/lib/berth/containers/abc/upper,workdir=/var/lib/berth/containers/abc/work"),
                syscalls.calls());
    }

    @Test
    void mountFailureCarriesErrno() {
        RecordingSyscalls syscalls = new RecordingSyscalls().failNext("mount", Errno.EINVAL, 1);
        SyscallFailure failure = assertThrows(SyscallFailure.class,
                () -> new OverlayRoot(syscalls).mount(List.of(Path.of("/l/only")), files));
        assertEquals(Errno.EINVAL, failure.errno());
    }
}
