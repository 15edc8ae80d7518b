package io.berth.imagestore.announce;

import io.berth.events.image.ImageChanged;

/**
 * Tells the platform a repository's names changed. Blocking: returns once the announcement is durable, so a
 * client that hears the registry's answer can rely on every gateway learning of the change.
 */
public interface ImageAnnouncer extends AutoCloseable {
    /** An announcer for a store nobody follows (no Kafka): changes are found by walking the catalog. */
    ImageAnnouncer NONE = new ImageAnnouncer() {
        @Override
        public void announce(ImageChanged change) {
        }

        @Override
        public boolean announces() {
            return false;
        }

        @Override
        public void close() {
        }
    };

    /** @throws IllegalStateException when the announcement could not be made durable */
    void announce(ImageChanged change);

    /** Whether changes are announced at all (the store then says so in its replies). */
    boolean announces();

    @Override
    void close();
}
