package io.berth.agent.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test double for {@link Syscalls}: records each call as a line of text and fails the calls it is told to
 * with a chosen errno. rmdir removes the directory with its files, as cgroupfs does.
 */
public final class RecordingSyscalls implements Syscalls {
    private final List<String> calls = new ArrayList<>();
    private final Map<String, Deque<Integer>> failures = new HashMap<>();
    private final List<MountTable.Entry> mounted = new ArrayList<>();

    /** The next {@code times} calls of {@code name} (mount, umount2, kill, mkfifo, rmdir) fail with {@code errno}. */
    public RecordingSyscalls failNext(String name, int errno, int times) {
        Deque<Integer> queue = failures.computeIfAbsent(name, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(errno);
        }
        return this;
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** What the recorded mount and umount2 calls that succeeded left mounted, as /proc/self/mountinfo would say. */
    public MountTable mountTable() {
        return new MountTable(List.copyOf(mounted));
    }

    @Override
    public void mount(String source, Path target, String fsType, long flags, String data) throws SyscallFailure {
        record("mount", "mount " + source + " " + target + " " + fsType + " " + flags + " " + data);
        if ((flags & 32) == 0) { // MS_REMOUNT changes a mount, adds none
            mounted.add(new MountTable.Entry(target, fsType));
        }
    }

    @Override
    public void umount2(Path target, int flags) throws SyscallFailure {
        record("umount2", "umount2 " + target + " " + flags);
        for (int i = mounted.size() - 1; i >= 0; i--) {
            if (mounted.get(i).mountPoint().equals(target)) {
                mounted.remove(i);
                break;
            }
        }
    }

    @Override
    public void kill(long pid, int signal) throws SyscallFailure {
        record("kill", "kill " + pid + " " + signal);
    }

    @Override
    public void mkfifo(Path path, int mode) throws SyscallFailure {
        record("mkfifo", "mkfifo " + path + " " + Integer.toOctalString(mode));
    }

    @Override
    public void rmdir(Path dir) throws SyscallFailure {
        record("rmdir", "rmdir " + dir);
        if (!Files.isDirectory(dir)) {
            throw new SyscallFailure("rmdir " + dir, Errno.ENOENT, "No such file or directory");
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hands out made-up descriptors; no process is ever reported gone by {@link #pollReadable}. */
    @Override
    public int pidfdOpen(long pid) throws SyscallFailure {
        record("pidfdOpen", "pidfd_open " + pid);
        return 1000 + calls.size();
    }

    @Override
    public boolean[] pollReadable(int[] fds, int timeoutMillis) throws SyscallFailure {
        record("pollReadable", "poll " + fds.length);
        return new boolean[fds.length];
    }

    @Override
    public void close(int fd) throws SyscallFailure {
        record("close", "close " + fd);
    }

    @Override
    public void attachDeviceFilter(Path cgroup, byte[] program) throws SyscallFailure {
        record("attachDeviceFilter", "bpf device filter " + cgroup + " " + program.length / 8 + " insns");
    }

    private void record(String name, String call) throws SyscallFailure {
        calls.add(call);
        Deque<Integer> queue = failures.get(name);
        if (queue != null && !queue.isEmpty()) {
            int errno = queue.poll();
            throw new SyscallFailure(call, errno, "injected");
        }
    }
}
