package io.berth.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an exec needs to join a running container: its init's host pid, the cgroup.procs files it was placed in,
 * the environment and ids it runs with (read back from the monitor spec it was started from), and the helper.
 *
 * @param uid -1 (with gid -1) for root, the helper then changes no ids
 */
public record ExecTarget(String containerId, long pid, List<Path> cgroupProcs, List<String> env, long uid, long gid,
                         Path helper) {

    public ExecTarget {
        cgroupProcs = List.copyOf(cgroupProcs);
        env = List.copyOf(env);
    }

    /** The target for {@code container}, whose directory holds the monitor spec it was started from. */
    public static ExecTarget of(RunningContainer container, Path containerDir, Path stateRoot) throws IOException {
        List<Path> procs = new ArrayList<>();
        List<String> env = new ArrayList<>();
        long uid = -1;
        long gid = -1;
        for (String line : Files.readAllLines(new ContainerFiles(containerDir).monitorSpec())) {
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
                default -> {
                    // rootfs, argv, log...: the container's own business
                }
            }
        }
        return new ExecTarget(container.containerId(), container.pid(), procs, env, uid, gid,
                MonitorBinary.extract(stateRoot, "berth-exec"));
    }

    /** This target as Docker's {@code --user uid[:gid]}; blank keeps the container's user. */
    public ExecTarget asUser(String user) {
        if (user == null || user.isBlank()) {
            return this;
        }
        UserIds ids = UserIds.parse(user);
        return new ExecTarget(containerId, pid, cgroupProcs, env, ids.uid(), ids.gid(), helper);
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
