package io.berth.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The containers (and named volumes, and a scratch directory) one end-to-end test class made, removed after it:
 * containers first, then volumes (one in use cannot be removed), then the directory (binds may point into it).
 */
final class MadeContainers {
    private final DockerCli docker;
    private final List<String> ids = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();
    private Path scratch;

    MadeContainers(DockerCli docker) {
        this.docker = docker;
    }

    /** {@code docker run -d ARGS}: asserts it printed a full id and remembers it. */
    String runDetached(String... args) {
        List<String> argv = new ArrayList<>(List.of("run", "-d"));
        argv.addAll(List.of(args));
        DockerCli.Result run = docker.run(argv.toArray(String[]::new));
        assertTrue(run.ok(), run.toString());
        String id = run.stdout().trim();
        assertTrue(id.matches("[0-9a-f]{64}"), "docker run -d prints the full id: " + run);
        ids.add(id);
        return id;
    }

    /** {@code docker inspect -f TEMPLATE ID}, trimmed. */
    String inspect(String id, String template) {
        DockerCli.Result r = docker.run("inspect", "-f", template, id);
        assertTrue(r.ok(), r.toString());
        return r.stdout().trim();
    }

    void add(String id) {
        ids.add(id);
    }

    /** The containers recorded so far, in the order they were made. */
    List<String> ids() {
        return List.copyOf(ids);
    }

    /** The test removed it itself. */
    void remove(String id) {
        ids.remove(id);
    }

    /** Remembers a volume the test will make under {@code name}; answers the name. */
    String volume(String name) {
        volumes.add(name);
        return name;
    }

    /** A temporary directory for the class's host files, made on first call; the same one after. */
    Path scratch(String prefix) throws IOException {
        if (scratch == null) {
            scratch = Files.createTempDirectory(prefix);
        }
        return scratch;
    }

    /** The test removed that volume itself. */
    void volumeRemoved(String name) {
        volumes.remove(name);
    }

    void removeAll() {
        for (String id : ids) {
            docker.run("rm", "-f", id);
        }
        ids.clear();
        // after the containers: a volume in use cannot be removed
        for (String v : volumes) {
            docker.run("volume", "rm", v);
        }
        volumes.clear();
        if (scratch != null) {
            try {
                TempTree.delete(scratch);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            scratch = null;
        }
    }
}
