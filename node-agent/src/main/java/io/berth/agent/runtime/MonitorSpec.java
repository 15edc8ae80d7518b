package io.berth.agent.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * What the monitor reads: one {@code key value} per line, with backslash and newline escaped so any argv or
 * env value survives. Repeated keys (arg, env, cgroup, mask, readonly) keep their order; each user mount is a
 * {@code mount <type>} line followed by its {@code mount_*} lines.
 */
record MonitorSpec(Path rootfs, String cwd, String hostname, UserIds user, Path log, Path stateDir,
                   List<String> argv, List<String> env, List<Path> cgroupProcs, Confinement confinement,
                   Console console, String net, Path init, List<UserMounts.Resolved> mounts, IdRange ids,
                   boolean usernsFromNet) {

    /** Where the monitor binds {@link #init} inside the container: its own /dev tmpfs, so no layer sees it. */
    static final String INIT_IN_CONTAINER = "/dev/init";

    MonitorSpec {
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        ids = ids == null ? IdRange.HOST : ids;
    }

    /** In the host's user namespace. */
    MonitorSpec(Path rootfs, String cwd, String hostname, UserIds user, Path log, Path stateDir,
                List<String> argv, List<String> env, List<Path> cgroupProcs, Confinement confinement,
                Console console, String net, Path init, List<UserMounts.Resolved> mounts) {
        this(rootfs, cwd, hostname, user, log, stateDir, argv, env, cgroupProcs, confinement, console, net, init,
                mounts, IdRange.HOST);
    }

    /** In a user namespace of range {@code ids} that the monitor makes itself. */
    MonitorSpec(Path rootfs, String cwd, String hostname, UserIds user, Path log, Path stateDir,
                List<String> argv, List<String> env, List<Path> cgroupProcs, Confinement confinement,
                Console console, String net, Path init, List<UserMounts.Resolved> mounts, IdRange ids) {
        this(rootfs, cwd, hostname, user, log, stateDir, argv, env, cgroupProcs, confinement, console, net, init,
                mounts, ids, false);
    }

    /** In a new, empty network namespace, without an init or user mounts. */
    MonitorSpec(Path rootfs, String cwd, String hostname, UserIds user, Path log, Path stateDir,
                List<String> argv, List<String> env, List<Path> cgroupProcs, Confinement confinement,
                Console console) {
        this(rootfs, cwd, hostname, user, log, stateDir, argv, env, cgroupProcs, confinement, console, null, null,
                List.of());
    }

    /** Without confinement: the container keeps every capability and sees all of /proc. */
    MonitorSpec(Path rootfs, String cwd, String hostname, UserIds user, Path log, Path stateDir,
                List<String> argv, List<String> env, List<Path> cgroupProcs) {
        this(rootfs, cwd, hostname, user, log, stateDir, argv, env, cgroupProcs, Confinement.NONE, Console.NONE);
    }

    /** Without a terminal or stdin. */
    MonitorSpec(Path rootfs, String cwd, String hostname, UserIds user, Path log, Path stateDir,
                List<String> argv, List<String> env, List<Path> cgroupProcs, Confinement confinement) {
        this(rootfs, cwd, hostname, user, log, stateDir, argv, env, cgroupProcs, confinement, Console.NONE);
    }

    String render() {
        return render(null);
    }

    /** With {@code seccompCache}, the directory where the monitor keeps compiled filters (null: none). */
    String render(Path seccompCache) {
        StringBuilder out = new StringBuilder();
        line(out, "rootfs", rootfs.toString());
        line(out, "cwd", cwd);
        line(out, "hostname", hostname);
        if (user.uid() >= 0) {
            line(out, "uid", Long.toString(user.uid()));
            line(out, "gid", Long.toString(user.gid()));
        }
        line(out, "log", log.toString());
        line(out, "state", stateDir.toString());
        if (net != null) {
            line(out, "net", net);
        }
        if (!ids.isHost()) {
            line(out, "userns", ids.render());
            if (usernsFromNet) {
                line(out, "userns_from_net", "1");
            }
        }
        if (init != null) {
            line(out, "init", init.toString());
        }
        // a stdin pipe only matters without a terminal: with one, the pty is stdin
        if (console.tty()) {
            line(out, "tty", "1");
            if (console.sized()) {
                line(out, "rows", Integer.toString(console.rows()));
                line(out, "cols", Integer.toString(console.cols()));
            }
        } else if (console.openStdin()) {
            line(out, "stdin", "1");
        }
        if (init != null) {
            // tini's form: init -- command..., so the command's own flags never reach the init
            line(out, "arg", INIT_IN_CONTAINER);
            line(out, "arg", "--");
        }
        argv.forEach(a -> line(out, "arg", a));
        env.forEach(e -> line(out, "env", e));
        cgroupProcs.forEach(c -> line(out, "cgroup", c.toString()));
        confinement.capabilities().ifPresent(mask -> line(out, "caps", Long.toHexString(mask)));
        if (confinement.noNewPrivs()) {
            line(out, "no_new_privs", "1");
        }
        if (confinement.readOnlyRoot()) {
            line(out, "readonly_root", "1");
        }
        confinement.seccomp().forEach(f -> line(out, "seccomp", f));
        if (seccompCache != null && !confinement.seccomp().isEmpty()) {
            line(out, "seccomp_cache", seccompCache.toString());
        }
        confinement.masked().forEach(m -> line(out, "mask", m));
        confinement.readOnly().forEach(r -> line(out, "readonly", r));
        for (UserMounts.Resolved m : mounts) {
            line(out, "mount", m.mount().type());
            if (m.mount().source() != null) {
                line(out, "mount_source", m.mount().source().toString());
            }
            line(out, "mount_target", m.target());
            line(out, "mount_options", m.mount().words());
            line(out, "mount_data", m.mount().data());
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String key, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(key + " must not contain a NUL byte: " + value.replace('\0', '?'));
        }
        out.append(key).append(' ').append(value.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }
}
