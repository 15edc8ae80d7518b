package io.berth.events.command;

import io.berth.events.spec.Resources;

/**
 * {@code docker update}: the container's new limits and restart policy, already merged over its current ones
 * and checked by the gateway. The scheduler resizes the reservation, the node agent writes the cgroup (when the
 * container runs) and the record.
 *
 * @param resources     every limit the container has after the update
 * @param restartPolicy the restart policy name after the update
 * @param hostConfig    a JSON object of the {@code HostConfig} fields the update sets, merged into the record's
 *                      create body so {@code docker inspect} shows them
 */
public record UpdateContainer(String containerId, Resources resources, String restartPolicy, String hostConfig)
        implements ContainerCommand {
}
