package io.berth.agent.exec;

import io.berth.agent.runtime.Confinement;
import io.berth.agent.runtime.ExecTarget;
import io.berth.agent.runtime.SeccompCache;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The berth-exec command line for one exec (its keys are the monitor spec's, see spec.h): pure, so the env merge,
 * the confinement and the flags are tested without root.
 */
final class ExecCommandLine {
    private ExecCommandLine() {
    }

    /**
     * {@code as}: the target with the exec's user already resolved ({@link ExecTarget#asUser});
     * {@code control}: the FIFO a tty exec reads its resize lines from (unused without a tty).
     */
    static List<String> of(ExecTarget as, ExecConfig config, Path control) {
        List<String> cmd = new ArrayList<>();
        cmd.add(as.helper().toString());
        option(cmd, "pid", Long.toString(as.pid()));
        for (Path procs : as.cgroupProcs()) {
            option(cmd, "cgroup", procs.toString());
        }
        for (String e : env(as, config)) {
            option(cmd, "env", e);
        }
        option(cmd, "cwd", config.workingDir());
        if (as.uid() >= 0) {
            option(cmd, "uid", Long.toString(as.uid()));
            option(cmd, "gid", Long.toString(as.gid()));
        }
        if (as.userns()) {
            option(cmd, "userns", "join");
        }
        Confinement confinement = as.confinement().forExec(config.privileged());
        confinement.capabilities().ifPresent(mask -> option(cmd, "caps", Long.toHexString(mask)));
        if (confinement.noNewPrivs()) {
            option(cmd, "no_new_privs", "1");
        }
        confinement.seccomp().forEach(line -> option(cmd, "seccomp", line));
        if (!confinement.seccomp().isEmpty()) {
            // the helper's directory holds the filters the monitor compiled: the exec's filter is PID 1's
            option(cmd, "seccomp_cache", SeccompCache.besideHelper(as.helper()).toString());
        }
        if (config.tty()) {
            option(cmd, "tty", "1");
            option(cmd, "control", control.toString());
            if (config.rows() > 0 && config.cols() > 0) {
                option(cmd, "rows", Integer.toString(config.rows()));
                option(cmd, "cols", Integer.toString(config.cols()));
            }
        }
        cmd.add("--");
        cmd.addAll(config.argv());
        return cmd;
    }

    private static void option(List<String> cmd, String key, String value) {
        cmd.add("--" + key);
        cmd.add(value);
    }

    /** Container env, then the exec's over it by name; HOME and (with a tty) TERM as Docker adds them. */
    static List<String> env(ExecTarget target, ExecConfig config) {
        Map<String, String> byName = new LinkedHashMap<>();
        target.env().forEach(e -> put(byName, e));
        config.env().forEach(e -> put(byName, e));
        byName.putIfAbsent("HOME", target.uid() <= 0 ? "/root" : "/");
        if (config.tty()) {
            byName.putIfAbsent("TERM", "xterm");
        }
        List<String> out = new ArrayList<>();
        // A bare name the client could not resolve is dropped, as Docker does.
        byName.forEach((k, v) -> {
            if (v != null) {
                out.add(k + "=" + v);
            }
        });
        return out;
    }

    private static void put(Map<String, String> byName, String entry) {
        int eq = entry.indexOf('=');
        if (eq < 0) {
            byName.put(entry, null);
        } else {
            byName.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
    }
}
