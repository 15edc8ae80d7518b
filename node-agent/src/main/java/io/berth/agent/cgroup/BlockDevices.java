package io.berth.agent.cgroup;

import java.io.IOException;

/** Resolves a block device path on this node to the {@code MAJ:MIN} its cgroup files name it by. */
public interface BlockDevices {
    /**
     * @throws IOException with dockerd's words when the path is missing or no block device
     */
    String number(String path) throws IOException;
}
