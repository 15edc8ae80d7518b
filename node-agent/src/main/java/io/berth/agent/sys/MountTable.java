package io.berth.agent.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The mounts of this process's namespace, read from {@code /proc/self/mountinfo}. */
public record MountTable(List<Entry> entries) {

    /** One mountinfo line: where it is mounted and the filesystem type. */
    public record Entry(Path mountPoint, String fsType) {
    }

    /** Where the table comes from: {@link MountTable#read()} on a node, a fake in a unit test. */
    @FunctionalInterface
    public interface Source {
        MountTable read() throws IOException;
    }

    public static MountTable read() throws IOException {
        return parse(Files.readString(Path.of("/proc/self/mountinfo")));
    }

    /** Fields: id parent dev root mountpoint options [optional...] - fstype source superoptions. */
    public static MountTable parse(String mountinfo) {
        List<Entry> entries = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.split(" ");
            int dash = List.of(fields).indexOf("-");
            if (fields.length < 5 || dash < 0 || dash + 1 >= fields.length) {
                continue;
            }
            entries.add(new Entry(Path.of(unescape(fields[4])), fields[dash + 1]));
        }
        return new MountTable(List.copyOf(entries));
    }

    public boolean isMountPoint(Path path) {
        return entries.stream().anyMatch(e -> e.mountPoint().equals(path));
    }

    /** The type of the topmost mount exactly at {@code path}, if any. */
    public String fsTypeAt(Path path) {
        String type = null;
        for (Entry e : entries) {
            if (e.mountPoint().equals(path)) {
                type = e.fsType();
            }
        }
        return type;
    }

    // The kernel writes space, tab, newline and backslash in paths as octal escapes.
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
