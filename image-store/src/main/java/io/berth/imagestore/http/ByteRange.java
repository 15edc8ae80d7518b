package io.berth.imagestore.http;

import java.util.Optional;

/**
 * A single range of a blob GET's {@code Range} header: {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}.
 *
 * @param offset the first byte
 * @param length how many bytes
 */
public record ByteRange(long offset, long length) {

    /**
     * Resolves the header against a blob of {@code size} bytes: empty if the header asks for the whole blob
     * (absent, or a form we do not serve such as several ranges), otherwise the range.
     *
     * @throws IllegalArgumentException if the range lies outside the blob (answer 416)
     */
    public static Optional<ByteRange> resolve(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
            return Optional.empty();
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String first = spec.substring(0, dash).trim();
            String last = spec.substring(dash + 1).trim();
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    throw new IllegalArgumentException("unsatisfiable range " + header);
                }
                long length = Math.min(suffix, size);
                return Optional.of(new ByteRange(size - length, length));
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (start >= size || end < start) {
                throw new IllegalArgumentException("unsatisfiable range " + header + " of " + size + " bytes");
            }
            return Optional.of(new ByteRange(start, end - start + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The reply's {@code Content-Range} value. */
    public String contentRange(long size) {
        return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
    }
}
