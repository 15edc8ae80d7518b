package io.berth.agent.cgroup;

/**
 * One value to write into one control file of one controller, e.g. memory / memory.max / 67108864.
 * An {@code optional} file is skipped when the kernel does not offer it (memory.memsw.* without swap accounting).
 * A file with a {@code fallback} is written there when the kernel offers only that one (blkio.weight is
 * blkio.bfq.weight on kernels whose CFQ is gone); with neither, the write fails: the limit cannot be honoured.
 */
public record LimitFile(String controller, String file, String value, boolean optional, String fallback) {

    public LimitFile(String controller, String file, String value) {
        this(controller, file, value, false, null);
    }

    public LimitFile(String controller, String file, String value, boolean optional) {
        this(controller, file, value, optional, null);
    }
}
