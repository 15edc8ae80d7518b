package io.berth.agent.exec;

import io.berth.agent.runtime.ExecTarget;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The berth-exec command line for one exec: pure, so the env merge and flags are tested without root. */
final class ExecCommandLine {
    private ExecCommandLine() {
    }

    static List<String> of(ExecTarget target, ExecConfig config, Path sizeFile) {
        ExecTarget as = target.asUser(config.user());
        List<String> cmd = new ArrayList<>();
        cmd.add(as.helper().toString());
        cmd.add("--pid");
        cmd.add(Long.toString(as.pid()));
        for (Path procs : as.cgroupProcs()) {
            cmd.add("--cgroup");
            cmd.add(procs.toString());
        }
        for (String e : env(as, config)) {
            cmd.add("--env");
            cmd.add(e);
        }
        cmd.add("--cwd");
        cmd.add(config.workingDir());
        if (as.uid() >= 0) {
            cmd.add("--uid");
            cmd.add(Long.toString(as.uid()));
            cmd.add("--gid");
            cmd.add(Long.toString(as.gid()));
        }
        if (config.tty()) {
            cmd.add("--tty");
            cmd.add("--size-file");
            cmd.add(sizeFile.toString());
            if (config.rows() > 0 && config.cols() > 0) {
                cmd.add("--rows");
                cmd.add(Integer.toString(config.rows()));
                cmd.add("--cols");
                cmd.add(Integer.toString(config.cols()));
            }
        }
        cmd.add("--");
        cmd.addAll(config.argv());
        return cmd;
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
