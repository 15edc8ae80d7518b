package io.berth.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where the helpers keep the seccomp filters they compiled ({@code syscall_filter.h}): a directory beside them in
 * the agent's state root, private to the agent's user. A start or exec whose filter lines were compiled before
 * loads the program from there instead of compiling Docker's profile again (milliseconds of CPU each time).
 */
public final class SeccompCache {
    private static final String NAME = "seccomp";

    private SeccompCache() {
    }

    /** The directory under {@code stateRoot}, made (0700) if missing; null if it cannot be: then nothing is cached. */
    static Path directory(Path stateRoot) {
        Path dir = stateRoot.resolve(NAME);
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            return dir;
        } catch (IOException e) {
            return null;
        }
    }

    /** The directory beside an extracted helper (both live in the state root). */
    public static Path besideHelper(Path helper) {
        return helper.resolveSibling(NAME);
    }
}
