package io.berth.deploy.e2e;

import java.util.Map;

/** Keeps a developer's BERTH_* variables from leaking into a test's launcher: its flags alone decide. */
final class Flags {

    static void clearBerthEnvironment(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("BERTH_"));
    }

    private Flags() {
    }
}
