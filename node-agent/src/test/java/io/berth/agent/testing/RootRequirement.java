package io.berth.agent.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** Tests that need root: skipped on a developer's machine, failed in CI (CI=true) so they never pass unseen. */
public final class RootRequirement {

    public static boolean root() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Call first in a test (or its {@code @BeforeAll}) that needs root; {@code who} names it in the failure. */
    public static void require(String who) {
        if (root()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(who + " needs root (CI=true, so not skipping)");
        }
        Assumptions.assumeTrue(false, who + " needs root");
    }

    private RootRequirement() {
    }
}
