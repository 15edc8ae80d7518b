package io.berth.agent.layer;

import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/** Tests that need root: skipped on a developer's machine, failed in CI (CI=true) so they never pass unseen. */
final class RootRequirement {
    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    static void require() {
        if (root()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("this test needs root and CI=true");
        }
        Assumptions.assumeTrue(false, "needs root");
    }
}
