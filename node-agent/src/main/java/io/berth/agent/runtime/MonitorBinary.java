package io.berth.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The native helpers shipped in the jar (monitor, exec), copied out once to files the kernel can exec:
 * read-only (0555), owned by the agent's user, in a directory only that user can enter (0700), outside every
 * container root.
 */
final class MonitorBinary {
    static final String RESOURCE = "/native/berth-monitor";
    static final String MODE = "r-xr-xr-x";

    private MonitorBinary() {
    }

    /** Extracts to {@code stateRoot/berth-monitor}; rewritten only when the jar's copy differs. */
    static Path extract(Path stateRoot) throws IOException {
        return extract(stateRoot, "berth-monitor");
    }

    /**
     * Extracts the helper {@code /native/<name>} to {@code stateRoot/<name>}, as {@link #extract(Path)}. Every start
     * and exec asks: once a file was checked against the jar's copy, it is trusted while it stays the same file
     * (inode, size, mtime, mode, owner), so a start no longer inflates and compares a megabyte each time.
     */
    static synchronized Path extract(Path stateRoot, String name) throws IOException {
        Path target = stateRoot.resolve(name);
        Identity checked = CHECKED.get(target);
        if (checked != null && checked.equals(Identity.of(target))) {
            return target;
        }
        Path extracted = extractChecked(stateRoot, name);
        CHECKED.put(target, Identity.of(target));
        return extracted;
    }

    private static final java.util.Map<Path, Identity> CHECKED = new java.util.HashMap<>();

    /** What tells one file from another, or from itself rewritten. */
    private record Identity(Object fileKey, long size, long modifiedNanos, String mode, String owner) {
        static Identity of(Path file) throws IOException {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            var a = Files.readAttributes(file, java.nio.file.attribute.PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return new Identity(a.fileKey(), a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                    PosixFilePermissions.toString(a.permissions()), a.owner().getName());
        }
    }

    private static Path extractChecked(Path stateRoot, String name) throws IOException {
        String resource = "/native/" + name;
        byte[] bytes;
        try (InputStream in = MonitorBinary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " missing: node-agent was built without " + name);
            }
            bytes = in.readAllBytes();
        }
        Files.createDirectories(stateRoot);
        Files.setPosixFilePermissions(stateRoot, PosixFilePermissions.fromString("rwx------"));
        Path target = stateRoot.resolve(name);
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                && PosixFilePermissions.toString(Files.getPosixFilePermissions(target)).equals(MODE)
                && Files.getOwner(target).equals(Files.getOwner(stateRoot))
                && java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
            return target;
        }
        // Never write over a binary running monitors execute: write beside it, then rename.
        Path tmp = Files.createTempFile(stateRoot, "." + name, ".tmp");
        Files.write(tmp, bytes);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(MODE));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
