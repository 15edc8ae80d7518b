package io.berth.events.spec;

import java.util.List;

/**
 * Block I/O limits (HostConfig {@code BlkioWeight}, {@code BlkioDevice{Read,Write}{Bps,IOps}}); 0 and empty
 * lists mean "none", as in Docker.
 *
 * @param weight    relative weight 10–1000 ({@code --blkio-weight}), 0 for the kernel's default
 * @param readBps   {@code --device-read-bps}
 * @param writeBps  {@code --device-write-bps}
 * @param readIops  {@code --device-read-iops}
 * @param writeIops {@code --device-write-iops}
 */
public record DiskLimits(int weight, List<DeviceRate> readBps, List<DeviceRate> writeBps,
                         List<DeviceRate> readIops, List<DeviceRate> writeIops) {
    public static final DiskLimits NONE = new DiskLimits(0, List.of(), List.of(), List.of(), List.of());

    public DiskLimits {
        readBps = readBps == null ? List.of() : List.copyOf(readBps);
        writeBps = writeBps == null ? List.of() : List.copyOf(writeBps);
        readIops = readIops == null ? List.of() : List.copyOf(readIops);
        writeIops = writeIops == null ? List.of() : List.copyOf(writeIops);
    }

    /** Whether any device is throttled. */
    public boolean throttles() {
        return !readBps.isEmpty() || !writeBps.isEmpty() || !readIops.isEmpty() || !writeIops.isEmpty();
    }

    /** Whether nothing at all is asked. */
    public boolean none() {
        return weight == 0 && !throttles();
    }

    /** Jackson's filter for {@code @JsonInclude(CUSTOM)}: true (leave out) for no limits at all. */
    public static final class NoneFilter {
        @Override
        public boolean equals(Object other) {
            return other == null || other instanceof DiskLimits d && d.none();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
