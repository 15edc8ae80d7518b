package io.berth.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Names every directory of the agent's data root; nothing else builds paths under it. */
public final class NodePaths {
    private final Path root;

    public NodePaths(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Where unpacked layers live, one directory per sha256 digest. */
    public Path layers() {
        return root.resolve("layers").resolve("sha256");
    }

    /** The unpacked directory of the layer whose sha256 is {@code hex}. */
    public Path layer(String hex) {
        return layers().resolve(hex);
    }

    /** One empty file per cached layer, touched whenever a container needs it: the cache's last-use clock. */
    public Path layerUses() {
        return root.resolve("layers").resolve("used");
    }

    public Path layerUse(String hex) {
        return layerUses().resolve(hex);
    }

    /** Downloads in progress; a blob lives here only until it is verified and unpacked. */
    public Path blobsTmp() {
        return root.resolve("blobs").resolve("tmp");
    }

    /** Parent of every container directory; the agent adopts what it finds here on start. */
    public Path containers() {
        return root.resolve("containers");
    }

    /** The directory handed to the runtime as {@code containerDir}. */
    public Path container(String id) {
        return containers().resolve(id);
    }

    /** Parent of every local volume, one directory per name, as dockerd's {@code volumes/}. */
    public Path volumes() {
        return root.resolve("volumes");
    }

    /** The directory a volume's containers see: {@code volumes/<name>/_data}, dockerd's Mountpoint. */
    public Path volumeData(String name) {
        return volumes().resolve(name).resolve("_data");
    }

    /** A volume's driver options on this disk ({@code volumes/<name>/opts.json}, as dockerd's local driver keeps them). */
    public Path volumeOptions(String name) {
        return volumes().resolve(name).resolve("opts.json");
    }

    /**
     * Container directories being deleted: a removed container's directory is renamed here (one atomic step) and
     * deleted after its {@code removed} is out, so a removal never waits on the walk of its upper directory.
     */
    public Path discarded() {
        return root.resolve("discarded");
    }

    /** The runtime's own {@code stateRoot}. */
    public Path runtime() {
        return root.resolve("runtime");
    }

    /** Creates every directory that must exist before the agent serves commands. */
    public void create() throws IOException {
        Files.createDirectories(layers());
        Files.createDirectories(layerUses());
        Files.createDirectories(blobsTmp());
        Files.createDirectories(containers());
        Files.createDirectories(discarded());
        Files.createDirectories(runtime());
        Files.createDirectories(volumes());
    }
}
