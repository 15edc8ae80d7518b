package io.berth.agent.runtime;

import java.nio.file.Path;

/**
 * One user mount resolved to host values: a bind of {@code source} (a host path or a volume's directory) or a
 * tmpfs, at {@code target} inside the container.
 *
 * @param type     {@code bind} or {@code tmpfs}
 * @param source   the host path bound; null for a tmpfs
 * @param target   absolute path inside the container, as the user wrote it (symlinks resolved in the root later)
 * @param readOnly mounted read-only (a read-only remount of the bind)
 * @param options  more mount words for the monitor: a propagation ({@code rprivate}, …) and for a tmpfs the
 *                 {@code nosuid}, {@code nodev}, {@code noexec} it keeps
 * @param data     a tmpfs's data ({@code size=…,mode=…}); empty otherwise
 * @param copyUp   when {@code source} is an empty directory, fill it from the image's content at the target first
 */
public record RuntimeMount(String type, Path source, String target, boolean readOnly, String options, String data,
                           boolean copyUp) {

    public RuntimeMount {
        options = options == null ? "" : options;
        data = data == null ? "" : data;
    }

    /** The words the monitor reads: the options, then {@code ro} when read-only. */
    String words() {
        if (!readOnly) {
            return options;
        }
        return options.isEmpty() ? "ro" : options + ",ro";
    }
}
