package io.berth.agent.cgroup;

import io.berth.agent.sys.Errno;
import io.berth.agent.sys.SyscallFailure;
import io.berth.agent.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** File-level work shared by both cgroup versions: writing a control file, reading counters, rmdir. */
final class CgroupDirs {
    static final int REMOVE_ATTEMPTS = 50;
    static final long REMOVE_PAUSE_MS = 20;
    static final long SETTLE_PAUSE_MS = 10;
    /** 10 s of polling, like runc's freeze loop. */
    static final int SETTLE_ATTEMPTS = 1000;

    private final Syscalls syscalls;

    CgroupDirs(Syscalls syscalls) {
        this.syscalls = syscalls;
    }

    /** Appends, so a fake tree keeps every rule; cgroupfs treats each write as one command anyway. */
    static void write(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IOException("write " + value + " to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Truncates first, for state files whose content is read back (freezer.state, cgroup.freeze). */
    static void replace(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IOException("write " + value + " to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes one limit, skipping an optional file the kernel does not offer. */
    static void apply(Path dir, LimitFile limit) throws IOException {
        Path file = dir.resolve(limit.file());
        if (limit.fallback() != null && !Files.exists(file)) {
            Path other = dir.resolve(limit.fallback());
            if (!Files.exists(other)) {
                throw new IOException("this node's kernel offers neither " + limit.file() + " nor "
                        + limit.fallback() + " (" + dir + "): it cannot set a " + limit.controller() + " weight");
            }
            file = other;
        } else if (limit.optional() && !Files.exists(file)) {
            return;
        }
        write(file, limit.value());
    }

    /**
     * Polls {@code reached} every {@link #SETTLE_PAUSE_MS} until it holds or {@code attempts} run out; a
     * freeze needs this because the kernel stops tasks one by one, each at its next safe point.
     */
    static boolean await(IoCheck reached, int attempts) throws IOException {
        for (int attempt = 1; ; attempt++) {
            if (reached.holds()) {
                return true;
            }
            if (attempt >= attempts) {
                return false;
            }
            try {
                Thread.sleep(SETTLE_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for a cgroup to settle", e);
            }
        }
    }

    /** A condition on cgroup files. */
    interface IoCheck {
        boolean holds() throws IOException;
    }

    static void readPids(Path procs, List<Long> into) {
        try {
            for (String line : Files.readAllLines(procs)) {
                if (!line.isBlank()) {
                    into.add(Long.parseLong(line.strip()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no cgroup, no pids
        }
    }

    /** A "name value" line of a flat-keyed file such as memory.events, or 0. */
    static long counter(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] kv = line.strip().split("\\s+");
                if (kv.length == 2 && kv[0].equals(name)) {
                    return Long.parseLong(kv[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // a missing controller has seen no kills
        }
        return 0;
    }

    /** rmdir of a directory others may still use: one that is busy, not empty or already gone stays as it is. */
    void removeIfUnused(Path dir) throws IOException {
        try {
            syscalls.rmdir(dir);
        } catch (SyscallFailure e) {
            if (e.errno() != Errno.ENOENT && e.errno() != Errno.EBUSY && e.errno() != Errno.ENOTEMPTY) {
                throw e;
            }
        }
    }

    /**
     * mkdir -p that tolerates the shared parent being removed (by {@link #removeIfUnused}, possibly in another
     * agent on this host) between creating it and creating the child: it simply makes it again.
     */
    static void makeDirs(Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                Files.createDirectories(dir);
                return;
            } catch (java.nio.file.NoSuchFileException e) {
                if (attempt >= REMOVE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** rmdir, retrying while the kernel still counts exiting tasks in it (EBUSY). */
    void remove(Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                syscalls.rmdir(dir);
                return;
            } catch (SyscallFailure e) {
                if (e.errno() == Errno.ENOENT) {
                    return;
                }
                if (e.errno() != Errno.EBUSY || attempt >= REMOVE_ATTEMPTS) {
                    throw e;
                }
                pause();
            }
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(REMOVE_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while removing a cgroup", e);
        }
    }
}
