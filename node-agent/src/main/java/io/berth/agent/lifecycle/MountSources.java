package io.berth.agent.lifecycle;

import io.berth.agent.runtime.RuntimeFailure;
import io.berth.agent.runtime.RuntimeMount;
import io.berth.events.spec.MountSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a spec's mounts into host values on this node: a bind's source (made when {@code -v} names a missing
 * directory, refused with dockerd's words for {@code --mount}), a volume's directory (made on first use, and
 * mounted when its driver options ask), a
 * tmpfs's flags with Docker's defaults ({@code nosuid,nodev,noexec} unless the user said otherwise).
 */
final class MountSources {

    static List<RuntimeMount> resolve(List<MountSpec> mounts, ContainerDisk disk) throws RuntimeFailure {
        List<RuntimeMount> out = new ArrayList<>();
        for (MountSpec m : mounts) {
            out.add(switch (m.type()) {
                case "bind" -> bind(m);
                case "volume" -> volume(m, disk);
                case "tmpfs" -> tmpfs(m);
                default -> throw RuntimeFailure.invalidSpec("mount type unknown: " + m.type());
            });
        }
        return out;
    }

    private static RuntimeMount bind(MountSpec m) throws RuntimeFailure {
        Path source = Path.of(m.source());
        if (!Files.exists(source)) {
            if (!m.createSource()) {
                throw RuntimeFailure.invalidSpec("invalid mount config for type \"bind\": bind source path does not "
                        + "exist: " + m.source());
            }
            try {
                // dockerd makes a missing -v source as root with 0755
                Files.createDirectories(source, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwxr-xr-x")));
            } catch (IOException e) {
                throw RuntimeFailure.invalidSpec("error while creating mount source path '" + m.source() + "': "
                        + e.getMessage());
            }
        }
        return new RuntimeMount("bind", source, m.target(), m.readOnly(), m.propagation(), "", false);
    }

    private static RuntimeMount volume(MountSpec m, ContainerDisk disk) throws RuntimeFailure {
        Path data;
        try {
            data = disk.openVolume(m.name());
        } catch (IOException e) {
            // a driver option's mount failure already speaks dockerd's words; a directory that cannot be made does not
            String message = e.getMessage() != null && e.getMessage().startsWith("error while mounting volume")
                    ? e.getMessage() : "create volume " + m.name() + ": " + e.getMessage();
            throw new RuntimeFailure(message, 125, e);
        }
        return new RuntimeMount("bind", data, m.target(), m.readOnly(), "rprivate", "", m.copyUp());
    }

    private static RuntimeMount tmpfs(MountSpec m) {
        Set<String> flags = new java.util.LinkedHashSet<>(List.of("nosuid", "nodev", "noexec"));
        List<String> data = new ArrayList<>();
        for (String word : m.tmpfsOptions().isEmpty() ? new String[0] : m.tmpfsOptions().split(",")) {
            switch (word) {
                case "exec", "suid", "dev" -> flags.remove("no" + word);
                case "noexec", "nosuid", "nodev" -> flags.add(word);
                case "ro", "rw" -> { } // carried by readOnly
                default -> data.add(word);
            }
        }
        return new RuntimeMount("tmpfs", null, m.target(), m.readOnly(), String.join(",", flags),
                String.join(",", data), false);
    }

    private MountSources() {
    }
}
