package io.berth.events.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code local} volume driver's options ({@code docker volume create --opt type=… --opt o=… --opt device=…})
 * parsed once: what the node's agent mounts at the volume's {@code _data} when a container first uses it, as
 * dockerd's local driver does. No options: a plain directory. {@code type=tmpfs}: a tmpfs ({@code o} is its data:
 * {@code size}, {@code mode}, …). {@code type=none} with {@code o=bind}: a bind of the host path {@code device}.
 * Any other type: {@code mount(device, _data, type, flags of o, rest of o)}. The gateway parses at create, so bad
 * options are a 400 there; the agent parses the stored record again to mount.
 *
 * @param type     the filesystem type, empty for a plain directory
 * @param device   the mount source ({@code device}); for a tmpfs {@code tmpfs} unless given
 * @param flags    mount(2) flags from the words of {@code o} ({@code ro}, {@code nosuid}, {@code bind}, …)
 * @param data     the other words of {@code o}, comma-joined, passed to the filesystem
 * @param readOnly {@code ro} was among the words (a bind needs a read-only remount for it)
 */
public record LocalDriverOptions(String type, String device, long flags, String data, boolean readOnly) {
    public static final long MS_RDONLY = 1;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    private static final List<String> KEYS = List.of("type", "device", "o");
    private static final Pattern FS_TYPE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
    private static final Pattern TMPFS_SIZE = Pattern.compile("[0-9]+[kKmMgGtTpPeE%]?");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+");
    /** mount(2) flags a word of {@code o} sets (the kernel's MS_* values); the same words as mount(8). */
    private static final Map<String, Long> SETS = Map.ofEntries(Map.entry("ro", MS_RDONLY), Map.entry("nosuid", 2L),
            Map.entry("nodev", 4L), Map.entry("noexec", 8L), Map.entry("sync", 16L), Map.entry("dirsync", 128L),
            Map.entry("noatime", 1024L), Map.entry("nodiratime", 2048L), Map.entry("bind", MS_BIND),
            Map.entry("rbind", MS_BIND | MS_REC), Map.entry("relatime", 1L << 21), Map.entry("strictatime", 1L << 24));
    /** Words that only undo a flag (the defaults); they set nothing. */
    private static final List<String> CLEARS = List.of("rw", "suid", "dev", "exec", "async", "atime", "diratime",
            "defaults");
    /** Words Berth would have to act on beyond one mount call, and does not. */
    private static final List<String> REFUSED = List.of("remount", "shared", "rshared", "slave", "rslave", "private",
            "rprivate", "unbindable", "runbindable", "loop", "mand");
    private static final List<String> TMPFS_KEYS = List.of("size", "mode", "uid", "gid", "nr_inodes", "nr_blocks",
            "huge", "mpol");

    /** A plain directory: nothing to mount. */
    public static final LocalDriverOptions NONE = new LocalDriverOptions("", "", 0, "", false);

    /** Parses {@code options} or throws {@link IllegalArgumentException} with a message naming what is wrong. */
    public static LocalDriverOptions parse(Map<String, String> options) {
        if (options == null || options.isEmpty()) {
            return NONE;
        }
        for (String key : new TreeSet<>(options.keySet())) {
            if (key.equals("size")) {
                throw new IllegalArgumentException("Berth does not support the local driver's option \"size\" "
                        + "(--opt size): quota size requested but no quota support");
            }
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("invalid option key: \"" + key + "\"");
            }
        }
        String type = options.getOrDefault("type", "");
        String device = options.getOrDefault("device", "");
        String o = options.getOrDefault("o", "");
        if (type.isEmpty()) {
            // dockerd's mandatory options: device and o mean nothing without a type
            throw new IllegalArgumentException("missing required option: \"type\"");
        }
        if (!FS_TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("invalid option type=" + type + ": not a filesystem type");
        }
        long flags = 0;
        List<String> data = new ArrayList<>();
        boolean readOnly = false;
        for (String word : o.isEmpty() ? new String[0] : o.split(",")) {
            if (word.isEmpty() || CLEARS.contains(word)) {
                continue;
            }
            if (REFUSED.contains(word)) {
                throw new IllegalArgumentException("Berth does not support the mount option \"" + word
                        + "\" in --opt o=" + o);
            }
            Long set = SETS.get(word);
            if (set != null) {
                flags |= set;
                readOnly |= word.equals("ro");
            } else {
                data.add(word);
            }
        }
        return switch (type) {
            case "tmpfs" -> tmpfs(device, flags, data, readOnly, o);
            case "none" -> bind(device, flags, data, readOnly, o);
            default -> {
                if (device.isEmpty()) {
                    throw new IllegalArgumentException("missing required option: \"device\"");
                }
                if ((flags & MS_BIND) != 0) {
                    throw new IllegalArgumentException("invalid option o=" + o + ": a bind needs type=none");
                }
                yield new LocalDriverOptions(type, device, flags, String.join(",", data), readOnly);
            }
        };
    }

    private static LocalDriverOptions tmpfs(String device, long flags, List<String> data, boolean readOnly, String o) {
        if ((flags & MS_BIND) != 0) {
            throw new IllegalArgumentException("invalid option o=" + o + ": a bind needs type=none");
        }
        for (String word : data) {
            int eq = word.indexOf('=');
            String key = eq < 0 ? word : word.substring(0, eq);
            String value = eq < 0 ? "" : word.substring(eq + 1);
            if (!TMPFS_KEYS.contains(key)) {
                throw new IllegalArgumentException("invalid tmpfs option \"" + word + "\" in --opt o=" + o);
            }
            boolean valid = switch (key) {
                case "size", "nr_blocks", "nr_inodes" -> TMPFS_SIZE.matcher(value).matches();
                case "mode" -> value.matches("[0-7]{1,4}");
                case "uid", "gid" -> NUMBER.matcher(value).matches();
                default -> !value.isEmpty();
            };
            if (!valid) {
                throw new IllegalArgumentException("invalid tmpfs option \"" + word + "\" in --opt o=" + o);
            }
        }
        return new LocalDriverOptions("tmpfs", device.isEmpty() ? "tmpfs" : device, flags, String.join(",", data),
                readOnly);
    }

    private static LocalDriverOptions bind(String device, long flags, List<String> data, boolean readOnly, String o) {
        if ((flags & MS_BIND) == 0) {
            throw new IllegalArgumentException("invalid option o=" + o + ": type=none mounts only with o=bind "
                    + "or o=rbind");
        }
        if (device.isEmpty()) {
            throw new IllegalArgumentException("missing required option: \"device\"");
        }
        if (!device.startsWith("/")) {
            throw new IllegalArgumentException("invalid option device=" + device + ": a bind's device must be an "
                    + "absolute host path");
        }
        if (!data.isEmpty()) {
            throw new IllegalArgumentException("invalid bind option \"" + data.get(0) + "\" in --opt o=" + o);
        }
        return new LocalDriverOptions("none", device, flags, "", readOnly);
    }

    /** Whether the volume's {@code _data} is a mount of its own rather than a plain directory. */
    public boolean mounts() {
        return !type.isEmpty();
    }

    public boolean isBind() {
        return (flags & MS_BIND) != 0;
    }
}
