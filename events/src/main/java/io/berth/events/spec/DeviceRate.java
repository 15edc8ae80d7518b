package io.berth.events.spec;

/**
 * One throttle of one block device on the node ({@code --device-write-bps /dev/sda:1mb}): bytes or operations
 * per second. The path is resolved to its major:minor by the node agent, since the device lives on the node.
 */
public record DeviceRate(String path, long rate) {
}
