package io.berth.agent.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** stat(2) of the device node, through the JDK's {@code unix:} attributes (st_mode, st_rdev). */
public final class HostBlockDevices implements BlockDevices {
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    @Override
    public String number(String path) throws IOException {
        Map<String, Object> st;
        try {
            // follows symlinks (/dev/disk/by-id/…), as dockerd's stat does
            st = Files.readAttributes(Path.of(path), "unix:mode,rdev");
        } catch (NoSuchFileException e) {
            throw new DeviceUnavailable(gathering(path) + "no such file or directory", e);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw new DeviceUnavailable(gathering(path) + e.getMessage(), e);
        }
        int mode = (Integer) st.get("mode");
        if ((mode & S_IFMT) != S_IFBLK) {
            throw new DeviceUnavailable(gathering(path) + "not a block device", null);
        }
        return numbers((Long) st.get("rdev"));
    }

    /** glibc's gnu_dev_major/minor over a 64-bit dev_t. */
    static String numbers(long rdev) {
        long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
        long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
        return major + ":" + minor;
    }

    private static String gathering(String path) {
        return "error gathering device information while adding blkio device \"" + path + "\": ";
    }
}
