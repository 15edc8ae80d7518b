package io.berth.agent.cgroup;

/**
 * One value to write into one control file of one controller, e.g. memory / memory.max / 67108864.
 * An {@code optional} file is skipped when the kernel does not offer it (memory.memsw.* without swap accounting).
 */
public record LimitFile(String controller, String file, String value, boolean optional) {

    public LimitFile(String controller, String file, String value) {
        this(controller, file, value, false);
    }
}
