package io.berth.agent.runtime;

import io.berth.agent.testing.RootRequirement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the real-kernel runtime tests stand on (root needed): a {@link LinuxRuntime} on a temporary state root and a
 * busybox image layer ({@link #lower}); each container a test adds to {@link #made} is reaped after it, checked
 * with {@link #assertReleased}, and the temporary tree deleted.
 */
abstract class OnBusyboxRuntime {
    Path tmp;
    Path lower;
    LinuxRuntime runtime;
    final List<RuntimeSpec> made = new ArrayList<>();

    @BeforeAll
    static void needsRoot(TestInfo test) {
        RootRequirement.require(test.getTestClass().map(Class::getSimpleName).orElse("a runtime test"));
    }

    @BeforeEach
    void image() throws Exception {
        tmp = Files.createTempDirectory("berth-" + getClass().getSimpleName());
        lower = BusyboxRootfs.build(tmp.resolve("layer"));
        runtime = new LinuxRuntime(tmp.resolve("state"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (RuntimeSpec spec : made) {
            Teardown.reap(runtime, spec);
            assertReleased(spec);
        }
        Teardown.deleteTree(tmp);
    }

    /** What must be gone once a container of this test was reaped. */
    abstract void assertReleased(RuntimeSpec spec) throws Exception;
}
