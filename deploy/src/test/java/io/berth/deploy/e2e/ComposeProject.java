package io.berth.deploy.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One docker-compose project of a test: its file in a fresh directory under a unique name; closing takes it
 * down ({@code down -v -t 1}, whatever the test got to) and deletes the directory.
 */
final class ComposeProject implements AutoCloseable {
    private final LaunchedPlatform platform;
    private final Path dir;
    private final String name;

    private ComposeProject(LaunchedPlatform platform, Path dir, String name) {
        this.platform = platform;
        this.dir = dir;
        this.name = name;
    }

    /** Writes {@code yaml} as docker-compose.yml of a project named {@code prefix} and eight random hex digits. */
    static ComposeProject write(LaunchedPlatform platform, String prefix, String yaml) throws IOException {
        String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Path dir = Files.createTempDirectory("berth-compose-" + prefix);
        Files.writeString(dir.resolve("docker-compose.yml"), yaml);
        return new ComposeProject(platform, dir, name);
    }

    /** The project name, the prefix of its containers ({@code NAME_web_1}), networks and volumes. */
    String name() {
        return name;
    }

    /** {@code docker-compose -p NAME ARGS} in the project's directory. */
    ComposeCli.Result run(String... args) {
        return ComposeCli.run(platform, dir, name, args);
    }

    @Override
    public void close() throws IOException {
        run("down", "-v", "-t", "1");
        Files.deleteIfExists(dir.resolve("docker-compose.yml"));
        Files.deleteIfExists(dir);
    }
}
