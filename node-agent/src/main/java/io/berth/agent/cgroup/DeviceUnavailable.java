package io.berth.agent.cgroup;

import java.io.IOException;

/** A device a disk limit names is missing on this node or is no block device: the client's mistake. */
public final class DeviceUnavailable extends IOException {
    public DeviceUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
