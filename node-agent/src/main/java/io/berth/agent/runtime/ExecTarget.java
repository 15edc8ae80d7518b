package io.berth.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What an exec needs to join a running container: its init's host pid, the cgroup.procs files it was placed in,
 * the environment, ids and confinement it runs with (read back from the monitor spec it was started from, so an
 * exec is confined exactly as the container's first process), and the helper.
 *
 * @param uid    -1 (with gid -1) for root, the helper then changes no ids
 * @param userns the container has a user namespace of its own, which the exec joins last (ids are its ids)
 */
public record ExecTarget(String containerId, long pid, List<Path> cgroupProcs, List<String> env, long uid, long gid,
                         Confinement confinement, Path helper, boolean userns) {

    public ExecTarget {
        cgroupProcs = List.copyOf(cgroupProcs);
        env = List.copyOf(env);
    }

    /** In the host's user namespace. */
    public ExecTarget(String containerId, long pid, List<Path> cgroupProcs, List<String> env, long uid, long gid,
                      Confinement confinement, Path helper) {
        this(containerId, pid, cgroupProcs, env, uid, gid, confinement, helper, false);
    }

    /** The target for {@code container}, whose directory holds the monitor spec it was started from. */
    public static ExecTarget of(RunningContainer container, Path containerDir, Path stateRoot) throws IOException {
        return read(container.containerId(), container.pid(),
                Files.readAllLines(new ContainerFiles(containerDir).monitorSpec()),
                MonitorBinary.extract(stateRoot, "berth-exec"));
    }

    /** The target described by the lines of a monitor spec ({@link MonitorSpec#render}). */
    static ExecTarget read(String containerId, long pid, List<String> specLines, Path helper) {
        List<Path> procs = new ArrayList<>();
        List<String> env = new ArrayList<>();
        List<String> masked = new ArrayList<>();
        List<String> readOnly = new ArrayList<>();
        List<String> seccomp = new ArrayList<>();
        long uid = -1;
        long gid = -1;
        OptionalLong caps = OptionalLong.empty();
        boolean noNewPrivs = false;
        boolean readOnlyRoot = false;
        boolean userns = false;
        for (String line : specLines) {
            int space = line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            String value = unescape(line.substring(space + 1));
            switch (line.substring(0, space)) {
                case "cgroup" -> procs.add(Path.of(value));
                case "env" -> env.add(value);
                case "uid" -> uid = Long.parseLong(value);
                case "gid" -> gid = Long.parseLong(value);
                case "caps" -> caps = OptionalLong.of(Long.parseUnsignedLong(value, 16));
                case "no_new_privs" -> noNewPrivs = value.equals("1");
                case "readonly_root" -> readOnlyRoot = value.equals("1");
                case "mask" -> masked.add(value);
                case "readonly" -> readOnly.add(value);
                case "seccomp" -> seccomp.add(value);
                case "userns" -> userns = true;
                default -> {
                    // rootfs, argv, log...: the container's own business
                }
            }
        }
        return new ExecTarget(containerId, pid, procs, env, uid, gid,
                new Confinement(caps, noNewPrivs, masked, readOnly, readOnlyRoot, seccomp), helper, userns);
    }

    /**
     * This target as Docker's {@code --user name|uid[:group|gid]}, names read from the running container's
     * accounts; blank keeps the container's user.
     */
    public ExecTarget asUser(String user) throws IOException {
        if (user == null || user.isBlank()) {
            return this;
        }
        UserIds ids = ContainerAccounts.resolve(Path.of("/proc", Long.toString(pid), "root"), user);
        return withIds(ids.uid(), ids.gid());
    }

    /** This target running as {@code uid}/{@code gid} (-1: the monitor's root), its confinement unchanged. */
    public ExecTarget withIds(long uid, long gid) {
        return new ExecTarget(containerId, pid, cgroupProcs, env, uid, gid, confinement, helper, userns);
    }

    /** The inverse of {@link MonitorSpec}'s escaping. */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
