package io.berth.gateway.build;

import io.berth.events.spec.Digest;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The key a build step is cached under: the parent image's ID and the step's {@code created_by}, which already
 * holds what else decides the result (COPY/ADD: the digest of the files copied and the flags; RUN: the build
 * args in scope), plus anything the step reads that its history line does not show. Pure.
 */
public final class CacheKey {

    /** 64 hex characters: usable as a tag in the store's cache repository. */
    public static String of(String parentId, String createdBy, List<String> extras) {
        StringBuilder text = new StringBuilder("berth-build-cache/1\n").append(parentId).append('\n')
                .append(createdBy).append('\n');
        for (String extra : extras) {
            text.append(extra.length()).append(':').append(extra).append('\n');
        }
        return Digest.hexOf(Digest.of(text.toString().getBytes(StandardCharsets.UTF_8)).toString());
    }

    private CacheKey() {
    }
}
