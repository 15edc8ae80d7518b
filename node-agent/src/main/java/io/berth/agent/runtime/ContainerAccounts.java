package io.berth.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a container's {@code /etc/passwd} and {@code /etc/group} for {@link UserIds#resolve}. The image
 * controls its root: a symlinked {@code /etc} or file is not followed (it could name a host file), it reads as
 * absent, and only the first 1 MiB is read.
 */
final class ContainerAccounts {
    private static final int LIMIT = 1 << 20;

    /** {@code user} resolved against the accounts of the root at {@code rootfs} (the agent's view of it). */
    static UserIds resolve(Path rootfs, String user) throws IOException {
        if (user == null || user.isBlank()) {
            return UserIds.ROOT;
        }
        return UserIds.resolve(user, read(rootfs, "passwd"), read(rootfs, "group"));
    }

    private static String read(Path rootfs, String name) throws IOException {
        Path etc = rootfs.resolve("etc");
        if (!Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Path file = etc.resolve(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(LIMIT), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private ContainerAccounts() {
    }
}
