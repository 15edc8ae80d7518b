package io.berth.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the root runtime tests do after each test: kill and release what they made, then delete their scratch tree. */
final class Teardown {
    private Teardown() {
    }

    /** SIGKILLs the container if it is still running, waits for it to exit, and releases its state. */
    static void reap(LinuxRuntime runtime, RuntimeSpec spec) throws Exception {
        Optional<RunningContainer> left = runtime.adopt(spec.containerId(), spec.containerDir());
        if (left.isPresent() && !left.get().exit().isDone()) {
            runtime.signal(left.get(), 9);
            left.get().exit().get(10, TimeUnit.SECONDS);
        }
        runtime.release(spec.containerId(), spec.containerDir());
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
