package io.berth.gateway.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.gateway.archive.LayerFile;
import io.berth.gateway.image.ImageRef;
import io.vertx.core.Future;

import java.util.Optional;

/** Where a build's images live: bases, the step cache, new step images, the final tags ({@link StepImages}). */
public interface StepStore {
    /** The image of a FROM line ({@code scratch}: an empty one); a missing one fails with a {@link BuildFailure}. */
    Future<StepImage> base(String name);

    /** The step image cached under {@code key}, if any. */
    Future<Optional<StepImage>> cached(String key);

    /** Stores {@code config} on {@code parent}'s layers plus {@code layer} (null: none) under {@code key}. */
    Future<StepImage> publish(String key, ObjectNode config, StepImage parent, LayerFile layer);

    /** Tags the built image as {@code target}. */
    Future<Void> tag(StepImage image, ImageRef target);
}
