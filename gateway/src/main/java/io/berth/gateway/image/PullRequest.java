package io.berth.gateway.image;

/** The reference {@code POST /images/create} names through {@code fromImage} and {@code tag}, normalised. */
public final class PullRequest {

    /** {@code fromImage=docker.io/library/alpine&tag=3.19} and {@code fromImage=alpine:3.19} name the same image. */
    public static ImageRef reference(String fromImage, String tag) {
        String text = fromImage == null ? "" : fromImage;
        if (tag != null && !tag.isEmpty()) {
            boolean hasTag = text.lastIndexOf(':') > text.lastIndexOf('/') || text.contains("@");
            if (!hasTag) {
                text += (tag.startsWith("sha256:") ? "@" : ":") + tag;
            }
        }
        return ImageRef.parse(text);
    }

    private PullRequest() {
    }
}
