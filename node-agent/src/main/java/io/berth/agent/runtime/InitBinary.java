package io.berth.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/**
 * The init {@code --init} runs as PID 1 (dockerd's docker-init): Debian's static tini, bound into the container
 * read-only. Static, because the container's root may have no libc at all.
 */
public final class InitBinary {
    /** Debian's package {@code tini} ships it here. */
    public static final Path DEFAULT = Path.of("/usr/bin/tini-static");

    private InitBinary() {
    }

    /**
     * The init binary as its canonical path, checked: a regular root-owned file nobody else may write, since
     * it runs as every --init container's PID 1.
     */
    static Path check(Path init) throws RuntimeFailure {
        try {
            Path real = init.toRealPath();
            PosixFileAttributes attrs = Files.readAttributes(real, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile() || !attrs.owner().getName().equals("root")
                    || attrs.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || attrs.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                throw RuntimeFailure.invalidSpec("--init: " + init + " is not a root-owned file only root may write");
            }
            return real;
        } catch (IOException e) {
            throw RuntimeFailure.invalidSpec("--init: no init binary at " + init
                    + " (install Debian's package tini on this node)");
        }
    }
}
