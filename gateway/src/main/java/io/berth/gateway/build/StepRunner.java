package io.berth.gateway.build;

import io.berth.gateway.archive.LayerFile;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.nio.file.Path;
import java.util.List;

/** The containers a build's steps use ({@link StepContainers}: placed by the scheduler, run by a node agent). */
public interface StepRunner {
    /** Creates (not starts) a container of {@code image} running {@code cmd}; answers its id once placed. */
    Future<String> create(StepImage image, List<String> cmd, List<String> env, String user, String workdir,
                          String networkMode);

    /** Starts the container and answers its exit code once it has died. */
    Future<Integer> run(String id);

    /** What the container wrote to stdout and stderr. */
    Future<Buffer> output(String id);

    /** The container's upper directory as a layer (whiteouts included). */
    Future<LayerFile> layer(String id);

    /** A path of the container's root as a tar file the caller deletes. */
    Future<Path> archive(String id, String path);

    /** Removes the container; never fails. */
    Future<Void> remove(String id);
}
