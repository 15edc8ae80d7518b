package io.berth.agent.lifecycle;

import io.berth.agent.NodePaths;
import io.berth.agent.files.DirectoryTree;
import io.berth.agent.layer.Digest;
import io.berth.agent.layer.LayerFailure;
import io.berth.agent.layer.LayerStore;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.LayerRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A container's footprint on this node's disk: its layers (shared) and its own directory. Blocking. */
public final class ContainerDisk {
    private final NodePaths paths;
    private final LayerStore layers;

    public ContainerDisk(NodePaths paths, LayerStore layers) {
        this.paths = paths;
        this.layers = layers;
    }

    /** Pulls missing layers and creates the container directory; returns the lower dirs, lowest first. */
    public List<Path> prepare(String id, ContainerSpec spec) throws LayerFailure {
        List<Path> lowers = new ArrayList<>();
        for (LayerRef layer : spec.layers()) {
            Digest digest;
            try {
                digest = Digest.parse(layer.digest());
            } catch (IllegalArgumentException e) {
                throw new LayerFailure("container " + id + ": " + e.getMessage());
            }
            lowers.add(layers.ensure(spec.repository(), digest));
        }
        try {
            Files.createDirectories(dir(id));
        } catch (IOException e) {
            throw new LayerFailure("cannot create " + dir(id) + ": " + e.getMessage(), e);
        }
        return lowers;
    }

    public Path dir(String id) {
        return paths.container(id);
    }

    /** Deletes the container directory (upper, work dirs and all); the runtime must have released it. */
    public void discard(String id) throws IOException {
        DirectoryTree.delete(dir(id));
    }
}
