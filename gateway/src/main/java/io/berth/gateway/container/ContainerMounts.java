package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.spec.MountSpec;
import io.berth.gateway.http.ApiError;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A create's mounts, read with dockerd's rules and words: {@code HostConfig.Binds} ({@code -v}),
 * {@code HostConfig.Mounts} ({@code --mount}), {@code HostConfig.Tmpfs} ({@code --tmpfs}), then the anonymous
 * volumes of {@code Config.Volumes} and the image's {@code VOLUME}s at any path not already mounted.
 */
public final class ContainerMounts {
    /** dockerd's rule for a local volume's name. */
    public static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final Set<String> PROPAGATIONS = Set.of("private", "rprivate", "shared", "rshared", "slave",
            "rslave");
    private static final Set<String> TMPFS_FLAGS = Set.of("ro", "rw", "exec", "noexec", "suid", "nosuid", "dev",
            "nodev");
    private static final Set<String> TMPFS_DATA = Set.of("size", "mode", "nr_inodes", "nr_blocks", "uid", "gid");

    private final Map<String, MountSpec> byTarget = new LinkedHashMap<>();
    private final Supplier<String> anonymousName;

    private ContainerMounts(Supplier<String> anonymousName) {
        this.anonymousName = anonymousName;
    }

    /** Every mount of a create body, in order; {@code anonymousName} names each anonymous volume (64 hex). */
    public static List<MountSpec> parse(JsonNode body, JsonNode host, List<String> imageVolumes,
                                        Supplier<String> anonymousName) {
        ContainerMounts m = new ContainerMounts(anonymousName);
        for (JsonNode bind : array(host, "Binds")) {
            m.bind(text(bind, "HostConfig.Binds"));
        }
        for (JsonNode mount : array(host, "Mounts")) {
            m.mount(mount);
        }
        JsonNode tmpfs = host.get("Tmpfs");
        if (tmpfs != null && !tmpfs.isNull()) {
            if (!tmpfs.isObject()) {
                throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + tmpfs.getNodeType().name()
                        .toLowerCase() + " into Go struct field HostConfig.Tmpfs of type map[string]string");
            }
            Iterator<Map.Entry<String, JsonNode>> it = tmpfs.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                m.tmpfs(e.getKey(), text(e.getValue(), "HostConfig.Tmpfs"));
            }
        }
        JsonNode volumes = body.get("Volumes");
        if (volumes != null && volumes.isObject()) {
            volumes.fieldNames().forEachRemaining(m::anonymous);
        }
        imageVolumes.forEach(m::anonymous);
        return new ArrayList<>(m.byTarget.values());
    }

    /** {@code src:dst[:mode]} or {@code dst}; an absolute source is a bind, any other a named volume. */
    private void bind(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length == 1) {
            anonymousAt(spec, checkTarget(spec, "volume", spec));
            return;
        }
        if (parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw ApiError.badRequest("invalid volume specification: '" + spec + "'");
        }
        String source = parts[0];
        String mode = parts.length == 3 ? parts[2] : "";
        boolean isBind = source.startsWith("/");
        String target = checkTarget(parts[1], isBind ? "bind" : "volume", spec);
        boolean readOnly = false;
        boolean copyUp = true;
        String propagation = "";
        for (String word : mode.isEmpty() ? new String[0] : mode.split(",")) {
            switch (word) {
                case "ro" -> readOnly = true;
                case "rw", "z", "Z" -> { } // z/Z relabel for SELinux, which Berth's hosts do not enforce
                case "nocopy" -> copyUp = false;
                default -> {
                    if (!isBind || !PROPAGATIONS.contains(word) || !propagation.isEmpty()) {
                        throw ApiError.badRequest("invalid mode: " + mode);
                    }
                    propagation = word;
                }
            }
        }
        if (isBind) {
            add(new MountSpec("bind", "", normal(source), target, readOnly,
                    propagation.isEmpty() ? "rprivate" : propagation, mode, true, false, false, ""));
        } else {
            add(new MountSpec("volume", volumeName(source), "", target, readOnly, "", mode.isEmpty() ? "z" : mode,
                    false, false, copyUp, ""));
        }
    }

    private void mount(JsonNode m) {
        if (!m.isObject()) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + m.getNodeType().name().toLowerCase()
                    + " into Go struct field HostConfig.Mounts of type mount.Mount");
        }
        String type = m.path("Type").asText("");
        String source = m.path("Source").asText("");
        String target = m.path("Target").asText("");
        boolean readOnly = m.path("ReadOnly").asBoolean(false);
        String prefix = "invalid mount config for type \"" + type + "\": ";
        if (!Set.of("bind", "volume", "tmpfs").contains(type)) {
            throw ApiError.badRequest(prefix + "mount type unknown");
        }
        if (target.isEmpty()) {
            throw ApiError.badRequest(prefix + "field Target must not be empty");
        }
        if (!target.startsWith("/")) {
            throw ApiError.badRequest(prefix + "invalid mount path: '" + target + "' mount path must be absolute");
        }
        refuseOtherOptions(m, type);
        switch (type) {
            case "bind" -> {
                if (source.isEmpty()) {
                    throw ApiError.badRequest(prefix + "field Source must not be empty");
                }
                if (!source.startsWith("/")) {
                    throw ApiError.badRequest(prefix + "invalid mount path: '" + source
                            + "' mount path must be absolute");
                }
                String propagation = m.path("BindOptions").path("Propagation").asText("");
                if (!propagation.isEmpty() && !PROPAGATIONS.contains(propagation)) {
                    throw ApiError.badRequest(prefix + "invalid propagation mode: " + propagation);
                }
                add(new MountSpec("bind", "", normal(source), normal(target), readOnly,
                        propagation.isEmpty() ? "rprivate" : propagation, "", false, false, false, ""));
            }
            case "volume" -> {
                boolean copyUp = !m.path("VolumeOptions").path("NoCopy").asBoolean(false);
                if (source.isEmpty()) {
                    add(new MountSpec("volume", anonymousName.get(), "", normal(target), readOnly, "", "", false,
                            true, copyUp, ""));
                } else {
                    add(new MountSpec("volume", volumeName(source), "", normal(target), readOnly, "", "z", false,
                            false, copyUp, ""));
                }
            }
            default -> {
                if (!source.isEmpty()) {
                    throw ApiError.badRequest(prefix + "field Source must not be specified");
                }
                JsonNode opts = m.path("TmpfsOptions");
                List<String> data = new ArrayList<>();
                if (opts.path("SizeBytes").asLong(0) > 0) {
                    data.add("size=" + opts.path("SizeBytes").asLong());
                }
                if (opts.path("Mode").asLong(0) != 0) {
                    data.add("mode=" + Long.toOctalString(opts.path("Mode").asLong()));
                }
                add(new MountSpec("tmpfs", "", "", normal(target), readOnly, "", "", false, false, false,
                        String.join(",", data)));
            }
        }
    }

    /** Every sub-option Berth does not act on must be unset; naming it beats a mount that lacks it. */
    private static void refuseOtherOptions(JsonNode m, String type) {
        Map<String, Set<String>> honoured = Map.of(
                "", Set.of("Type", "Source", "Target", "ReadOnly", "Consistency", "BindOptions", "VolumeOptions",
                        "TmpfsOptions"),
                "BindOptions", Set.of("Propagation"),
                "VolumeOptions", Set.of("NoCopy"),
                "TmpfsOptions", Set.of("SizeBytes", "Mode"));
        m.fields().forEachRemaining(f -> {
            if (!honoured.get("").contains(f.getKey()) && !HonouredFields.zero(f.getValue())) {
                throw HonouredFields.refused("HostConfig.Mounts." + f.getKey());
            }
            Set<String> sub = honoured.get(f.getKey());
            if (sub != null && f.getValue().isObject()) {
                boolean forThisType = f.getKey().toLowerCase().startsWith(type);
                f.getValue().fields().forEachRemaining(o -> {
                    if ((!forThisType || !sub.contains(o.getKey())) && !HonouredFields.zero(o.getValue())) {
                        throw HonouredFields.refused("HostConfig.Mounts." + f.getKey() + "." + o.getKey());
                    }
                });
            }
        });
    }

    /** {@code --tmpfs /t[:size=…,mode=…]}: flags and data the kernel's tmpfs takes, nothing else. */
    private void tmpfs(String target, String options) {
        String t = checkTarget(target, "tmpfs", target);
        for (String word : options.isEmpty() ? new String[0] : options.split(",")) {
            String key = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            if (!(word.contains("=") ? TMPFS_DATA : TMPFS_FLAGS).contains(key)) {
                throw ApiError.badRequest("Invalid tmpfs option [\"" + word + "\"]");
            }
        }
        boolean readOnly = List.of(options.split(",")).contains("ro");
        add(new MountSpec("tmpfs", "", "", t, readOnly, "", "", false, false, false, options));
    }

    private void anonymous(String target) {
        if (target.startsWith("/") && byTarget.containsKey(normal(target))) {
            return; // a bind, named volume or tmpfs the user gave for this path wins, as in dockerd
        }
        anonymousAt(target, checkTarget(target, "volume", target));
    }

    private void anonymousAt(String spec, String target) {
        add(new MountSpec("volume", anonymousName.get(), "", target, false, "", "", false, true, true, ""));
    }

    private void add(MountSpec m) {
        if ("/".equals(m.target())) {
            throw ApiError.badRequest("invalid specification: destination can't be '/'");
        }
        if (byTarget.putIfAbsent(m.target(), m) != null) {
            throw ApiError.badRequest("Duplicate mount point: " + m.target());
        }
    }

    private static String checkTarget(String target, String type, String spec) {
        if (!target.startsWith("/")) {
            throw ApiError.badRequest("invalid volume specification: '" + spec + "': invalid mount config for type \""
                    + type + "\": invalid mount path: '" + target + "' mount path must be absolute");
        }
        return normal(target);
    }

    private static String volumeName(String name) {
        if (!VOLUME_NAME.matcher(name).matches()) {
            throw ApiError.badRequest("create " + name + ": \"" + name + "\" includes invalid characters for a local "
                    + "volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host "
                    + "directory, use absolute path");
        }
        return name;
    }

    /** Lexically clean, as Go's filepath.Clean: no "." or "..", no doubled or trailing slash. */
    static String normal(String path) {
        String n = java.nio.file.Path.of(path).normalize().toString();
        return n.isEmpty() ? "/" : n;
    }

    private static List<JsonNode> array(JsonNode host, String name) {
        JsonNode node = host.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + node.getNodeType().name().toLowerCase()
                    + " into Go struct field HostConfig." + name + " of type []");
        }
        List<JsonNode> out = new ArrayList<>();
        node.forEach(out::add);
        return out;
    }

    private static String text(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + node.getNodeType().name().toLowerCase()
                    + " into Go struct field " + field + " of type string");
        }
        return node.asText();
    }
}
