package io.berth.agent.cgroup;

/** One value to write into one control file of one controller, e.g. memory / memory.max / 67108864. */
public record LimitFile(String controller, String file, String value) {
}
