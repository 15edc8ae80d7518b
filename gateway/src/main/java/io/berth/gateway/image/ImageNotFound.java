package io.berth.gateway.image;

/** The image store has no such repository, tag or manifest. */
public final class ImageNotFound extends RuntimeException {
    private final ImageRef ref;

    public ImageNotFound(ImageRef ref) {
        super("No such image: " + ref.familiar(), null, false, false);
        this.ref = ref;
    }

    public ImageRef ref() {
        return ref;
    }
}
