package io.berth.agent.sys;

/** The errno values the runtime reacts to (Linux numbering). */
public final class Errno {
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EBUSY = 16;
    public static final int EINTR = 4;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;

    private Errno() {
    }
}
