package io.berth.agent.runtime;

import io.berth.agent.sys.SyscallFailure;
import io.berth.agent.sys.Syscalls;

import java.io.IOException;
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
     * The root for a container with user namespace {@code ids}: without one a plain overlay; with one, the layers
     * idmapped into its range by the {@code berth-overlay} helper (it needs a fork for the user namespace), and the
     * upper directory's root given to the container's root (so is the merged root, and what the container makes
     * in it lands in the upper with host ids base+n).
     */
    void mount(List<Path> lowestFirst, ContainerFiles files, IdRange ids, Path stateRoot) throws IOException {
        mount(lowestFirst, files, ids, stateRoot, null);
    }

    /**
     * As {@link #mount(List, ContainerFiles, IdRange, Path)}, and with a user namespace the container's network
     * namespace made at {@code netns} too (null: none), owned by the same user namespace the layers are idmapped
     * through: one helper and one user namespace per start instead of two.
     */
    void mount(List<Path> lowestFirst, ContainerFiles files, IdRange ids, Path stateRoot, Path netns)
            throws IOException {
        if (ids.isHost()) {
            mount(lowestFirst, files);
            return;
        }
        options(lowestFirst, files.upper(), files.work()); // the same path checks
        Path upper = files.upper().toRealPath();
        if (HostOwner.uid(upper) == 0 && HostOwner.gid(upper) == 0) {
            HostOwner.ownToRoot(upper, ids);
        }
        List<String> cmd = new ArrayList<>(List.of(MonitorBinary.extract(stateRoot, "berth-overlay").toString()));
        if (netns != null) {
            cmd.addAll(List.of("--netns", netns.toString()));
        }
        cmd.addAll(List.of(Long.toString(ids.base()), Long.toString(ids.count()), files.rootfs().toRealPath().toString(),
                files.dir().toRealPath().resolve("idmapped").toString(), upper.toString(),
                files.work().toRealPath().toString()));
        for (Path lower : lowestFirst) {
            cmd.add(lower.toAbsolutePath().normalize().toString());
        }
        Process helper = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(helper.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (helper.waitFor() != 0) {
                throw new IOException(out.isBlank() ? "berth-overlay failed" : out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            helper.destroyForcibly();
            throw new IOException("interrupted while mounting the root at " + files.rootfs(), e);
        }
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
