package io.berth.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Gives a file the agent made in a container's root to the container's root (its user namespace's uid 0). */
final class HostOwner {
    private HostOwner() {
    }

    /** lchown to the host ids of the container's root; nothing without a user namespace. */
    static void ownToRoot(Path path, IdRange ids) throws IOException {
        if (ids.isHost()) {
            return;
        }
        chown(path, ids.toHost(0), ids.toHost(0));
    }

    /** lchown(2), the link itself for a symlink. */
    static void chown(Path path, long uid, long gid) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
    }

    static long uid(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    static long gid(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }
}
