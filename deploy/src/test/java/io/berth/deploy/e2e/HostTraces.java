package io.berth.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a container leaves on the host, looked up the way an operator would: mounts, cgroups, veths and namespaces,
 * processes.
 */
final class HostTraces {

    /** Lines of this host's mount table that mention the container id. */
    static List<String> mounts(String containerId) {
        return lines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(containerId)).toList();
    }

    /**
     * The container's veths' host ends ({@code bv<tag><6 of the id>} for eth0, {@code by…<n>} for eth<n>) and
     * namespace, if any is left.
     */
    static List<String> networkLeftovers(String containerId) {
        String links = exec(List.of("ip", "-o", "link"));
        String namespaces = exec(List.of("ip", "netns", "list"));
        return Stream.concat(
                links.lines().filter(l -> l.matches("\\d+: (bv|by)[0-9a-f]{6}" + containerId.substring(0, 6) + "\\d?[@:].*")),
                namespaces.lines().filter(l -> l.contains(containerId.substring(0, 12)))).toList();
    }

    /** cgroup directories (v1 controllers or the v2 tree) named after the container id. */
    static List<Path> cgroups(String containerId) {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                Path dir = hierarchy.resolve("berth").resolve(containerId);
                if (Files.isDirectory(dir)) {
                    found.add(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path v2 = Path.of("/sys/fs/cgroup/berth", containerId);
        if (Files.isDirectory(v2)) {
            found.add(v2);
        }
        return found;
    }

    /** A control file of the container's cgroup: the v1 controller's directory, else the v2 one; stripped. */
    static String cgroupFile(String controller, String id, String v1File, String v2File) {
        Path cgroup = Path.of("/sys/fs/cgroup");
        Path v1 = cgroup.resolve(controller).resolve("berth").resolve(id).resolve(v1File);
        Path file = Files.exists(v1) ? v1 : cgroup.resolve("berth").resolve(id).resolve(v2File);
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean processAlive(long pid) {
        return pid > 0 && Files.exists(Path.of("/proc", Long.toString(pid)));
    }

    /** Runs a command in every namespace of {@code pid} (nsenter), i.e. inside the container. */
    static String inside(long pid, String... command) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--target", Long.toString(pid), "--all"));
        argv.addAll(List.of(command));
        return exec(argv);
    }

    static String exec(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            int code = p.waitFor();
            if (code != 0) {
                throw new AssertionError(String.join(" ", argv) + " exited " + code + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HostTraces() {
    }
}
