package io.berth.agent.stats;

/**
 * The host's CPU clock as dockerd reports it: {@code system_cpu_usage} is the sum of the {@code cpu} line of
 * /proc/stat converted to nanoseconds, and the online CPUs are the {@code cpuN} lines.
 */
public record HostCpu(long systemNs, int onlineCpus) {
    /** USER_HZ: /proc/stat counts in ticks of 1/100 s on every Linux ABI (dockerd assumes the same). */
    static final long CLK_TCK = 100;

    /** Parses a /proc/stat text. */
    public static HostCpu parse(String procStat) {
        long ticks = 0;
        int cpus = 0;
        for (String line : procStat.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f[0].equals("cpu")) {
                // user nice system idle iowait irq softirq steal (guest time is already inside user)
                for (int i = 1; i < f.length && i <= 8; i++) {
                    ticks += Long.parseLong(f[i]);
                }
            } else if (f[0].startsWith("cpu")) {
                cpus++;
            }
        }
        return new HostCpu(ticks * 1_000_000_000L / CLK_TCK, cpus);
    }
}
