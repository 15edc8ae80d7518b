package io.berth.agent.sys;

import java.io.IOException;

/** A libc call returned -1; carries errno so callers can tell ESRCH or EBUSY from real trouble. */
public final class SyscallFailure extends IOException {
    private final int errno;

    public SyscallFailure(String call, int errno, String reason) {
        super(call + ": " + reason + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
