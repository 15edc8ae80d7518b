package io.berth.gateway.image;

import io.berth.gateway.archive.LayerFile;
import io.berth.gateway.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A layer tar arriving as a stream (an import's body, a commit's upper directory from an agent): spooled to a
 * temp file, since it can be large, then one pass on a worker makes the gzip blob and both digests.
 */
public final class LayerSpool {
    private static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));

    /** The layer of {@code tar}, which must be paused; {@code emptyMessage}: a 400 for an empty tar, null allows it. */
    public static Future<LayerFile> of(Vertx vertx, ReadStream<Buffer> tar, String emptyMessage) {
        return vertx.fileSystem().createTempFile("berth-layer-", ".tar").compose(raw -> vertx.fileSystem()
                .open(raw, new OpenOptions().setWrite(true).setTruncateExisting(true))
                .compose(tar::pipeTo)
                .compose(v -> vertx.executeBlocking(() -> {
                    if (emptyMessage != null && Files.size(Path.of(raw)) == 0) {
                        throw ApiError.badRequest(emptyMessage);
                    }
                    try (InputStream in = Files.newInputStream(Path.of(raw))) {
                        return LayerFile.write(in, TEMP);
                    }
                }, false))
                .eventually(() -> vertx.fileSystem().delete(raw).otherwiseEmpty()));
    }

    private LayerSpool() {
    }
}
