package io.berth.agent.stats;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One host process as /proc describes it, the fields {@code ps -ef} shows.
 *
 * @param pid        host pid
 * @param ppid       host parent pid
 * @param uid        real uid
 * @param comm       the short name (for processes without a command line)
 * @param ttyNr      the controlling terminal's device number, 0 for none
 * @param cpuTicks   user plus system time, in clock ticks
 * @param startTicks start time in clock ticks after boot
 * @param argv       the command line, empty for kernel threads and zombies
 */
public record ProcEntry(long pid, long ppid, long uid, String comm, long ttyNr, long cpuTicks, long startTicks,
                        List<String> argv) {

    public ProcEntry {
        argv = List.copyOf(argv);
    }

    /**
     * Parses /proc/pid/stat, the {@code Uid:} line of /proc/pid/status and the NUL-separated cmdline. The comm
     * sits in parentheses and may itself hold spaces or parentheses, so fields are counted from the last ')'.
     */
    public static ProcEntry parse(String stat, String status, byte[] cmdline) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        long pid = Long.parseLong(stat.substring(0, open).strip());
        String comm = stat.substring(open + 1, close);
        // after ")": state(0) ppid(1) pgrp session tty_nr(4) tpgid flags minflt cminflt majflt cmajflt utime(11) stime(12) … starttime(19)
        String[] f = stat.substring(close + 1).strip().split("\\s+");
        long uid = 0;
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                uid = Long.parseLong(line.substring(4).strip().split("\\s+")[0]);
            }
        }
        return new ProcEntry(pid, Long.parseLong(f[1]), uid, comm, Long.parseLong(f[4]),
                Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[19]), args(cmdline));
    }

    private static List<String> args(byte[] cmdline) {
        String all = new String(cmdline, StandardCharsets.UTF_8);
        if (all.endsWith("\0")) {
            all = all.substring(0, all.length() - 1);
        }
        return all.isEmpty() ? List.of() : List.of(all.split("\0", -1));
    }
}
