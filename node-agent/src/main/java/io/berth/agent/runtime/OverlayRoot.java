package io.berth.agent.runtime;

import io.berth.agent.sys.SyscallFailure;
import io.berth.agent.sys.Syscalls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The container's root: an overlay of the read-only layers under its own writable upper directory. */
final class OverlayRoot {
    private final Syscalls syscalls;

    OverlayRoot(Syscalls syscalls) {
        this.syscalls = syscalls;
    }

    void mount(List<Path> lowestFirst, ContainerFiles files) throws SyscallFailure {
        syscalls.mount("overlay", files.rootfs(), "overlay", 0, options(lowestFirst, files.upper(), files.work()));
    }

    /**
     * The mount data string. Overlay stacks lowerdir left over right, so the spec's lowest-first list is
     * reversed; ',' and ':' separate options and layers, so paths holding them are refused, not escaped.
     */
    static String options(List<Path> lowestFirst, Path upper, Path work) {
        if (lowestFirst.isEmpty()) {
            throw new IllegalArgumentException("an overlay needs at least one lower directory");
        }
        List<String> lowers = new ArrayList<>();
        for (Path p : lowestFirst) {
            lowers.add(safe(p));
        }
        Collections.reverse(lowers);
        return "lowerdir=" + String.join(":", lowers) + ",upperdir=" + safe(upper) + ",workdir=" + safe(work);
    }

    private static String safe(Path path) {
        String s = path.toAbsolutePath().normalize().toString();
        if (s.contains(",") || s.contains(":") || s.contains("\n")) {
            throw new IllegalArgumentException("overlay path must not contain ',' ':' or a newline: " + s);
        }
        return s;
    }
}
