package io.berth.deploy.e2e;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** End-to-end tests need root (namespaces, cgroups, mounts): they fail without it on CI, and skip elsewhere. */
public final class RootRequirement {

    public static void check() {
        if (isRoot()) {
            return;
        }
        String why = "end-to-end tests need root (the node agent makes namespaces, cgroups and mounts)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(why + ", and CI=true forbids skipping them");
        }
        Assumptions.abort(why);
    }

    public static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private RootRequirement() {
    }
}
