package io.berth.agent.cgroup;

import io.berth.events.spec.DeviceRate;
import io.berth.events.spec.DiskLimits;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The MAJ:MIN of every device a container's disk limits name, resolved on this node before any file is written. */
final class DeviceNumbers {
    private DeviceNumbers() {
    }

    /** Every device of {@code wanted} must exist; those of {@code previous} are resolved when they still do. */
    static Map<String, String> of(BlockDevices devices, DiskLimits previous, DiskLimits wanted) throws IOException {
        Map<String, String> numbers = new LinkedHashMap<>();
        for (DeviceRate d : all(wanted)) {
            if (!numbers.containsKey(d.path())) {
                numbers.put(d.path(), devices.number(d.path()));
            }
        }
        for (DeviceRate d : all(previous)) {
            if (!numbers.containsKey(d.path())) {
                try {
                    numbers.put(d.path(), devices.number(d.path()));
                } catch (IOException e) {
                    // gone from the node: the kernel dropped its rules with it
                }
            }
        }
        return numbers;
    }

    private static List<DeviceRate> all(DiskLimits d) {
        return java.util.stream.Stream.of(d.readBps(), d.writeBps(), d.readIops(), d.writeIops())
                .flatMap(List::stream).toList();
    }
}
