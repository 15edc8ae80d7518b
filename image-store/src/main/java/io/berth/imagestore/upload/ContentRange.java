package io.berth.imagestore.upload;

/**
 * The {@code Content-Range} of a chunked upload's PATCH: {@code <start>-<end>}, inclusive, as the distribution
 * spec writes it (no {@code bytes } unit, though that is accepted too).
 */
public record ContentRange(long start, long end) {

    /** Parses the header; throws {@link IllegalArgumentException} on anything malformed. */
    public static ContentRange parse(String header) {
        String text = header.trim();
        if (text.startsWith("bytes ")) {
            text = text.substring("bytes ".length()).trim();
        }
        int dash = text.indexOf('-');
        try {
            long start = Long.parseLong(text.substring(0, dash));
            long end = Long.parseLong(text.substring(dash + 1).split("/", 2)[0]);
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("invalid Content-Range \"" + header + "\"");
            }
            return new ContentRange(start, end);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("invalid Content-Range \"" + header + "\"", e);
        }
    }

    public long length() {
        return end - start + 1;
    }
}
