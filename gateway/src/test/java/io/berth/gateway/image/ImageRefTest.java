package io.berth.gateway.image;

import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageRefTest {
    private static final String HEX = "0123456789abcdef".repeat(4);

    @Test
    void shortNamesLiveInLibraryOnDockerHub() {
        ImageRef ref = ImageRef.parse("busybox");
        assertEquals(new ImageRef("docker.io", "library/busybox", "latest", null), ref);
        assertEquals("busybox:latest", ref.familiar());
        assertEquals(ref, ImageRef.parse("busybox:latest"));
        assertEquals(ref, ImageRef.parse("docker.io/library/busybox:latest"));
        assertEquals(ref, ImageRef.parse("index.docker.io/library/busybox"));
    }

    @Test
    void registryHostWithPortAndNestedPath() {
        ImageRef ref = ImageRef.parse("localhost:5000/a/b:c");
        assertEquals("localhost:5000", ref.domain());
        assertEquals("a/b", ref.repository());
        assertEquals("c", ref.tag());
        assertEquals("localhost:5000/a/b:c", ref.familiar());
        assertEquals("user/app", ImageRef.parse("user/app").repository());
    }

    @Test
    void digestReferences() {
        ImageRef ref = ImageRef.parse("busybox@sha256:" + HEX);
        assertNull(ref.tag());
        assertEquals("sha256:" + HEX, ref.reference());
        assertEquals("busybox@sha256:" + HEX, ref.familiar());
        ImageRef both = ImageRef.parse("busybox:1.36@sha256:" + HEX);
        assertEquals("1.36", both.tag());
        assertEquals("sha256:" + HEX, both.reference());
    }

    @Test
    void invalidReferencesAre400s() {
        assertEquals(400, assertThrows(ApiError.class, () -> ImageRef.parse("Busybox")).status());
        assertEquals("invalid reference format: repository name (Busybox) must be lowercase",
                assertThrows(ApiError.class, () -> ImageRef.parse("Busybox")).getMessage());
        assertThrows(ApiError.class, () -> ImageRef.parse("busybox:"));
        assertThrows(ApiError.class, () -> ImageRef.parse("busybox@sha256:12"));
        assertThrows(ApiError.class, () -> ImageRef.parse("a//b"));
        assertThrows(ApiError.class, () -> ImageRef.parse(""));
        assertThrows(ApiError.class, () -> ImageRef.parse("-busybox"));
    }

    @Test
    void pullQueryIsNormalised() {
        assertEquals(ImageRef.parse("alpine:3.19"), PullRequest.reference("docker.io/library/alpine", "3.19"));
        assertEquals(ImageRef.parse("alpine:3.19"), PullRequest.reference("alpine:3.19", ""));
        assertEquals(ImageRef.parse("alpine@sha256:" + HEX), PullRequest.reference("alpine", "sha256:" + HEX));
    }

    @Test
    void numericTagsAndLoopbackRegistries() {
        ImageRef one = ImageRef.parse("busybox:1");
        assertEquals("library/busybox", one.repository());
        assertEquals("1", one.tag());
        assertEquals("busybox:1", one.repoTag());
        ImageRef local = ImageRef.parse("127.0.0.1:5000/x:y");
        assertEquals("127.0.0.1:5000", local.domain());
        assertEquals("x", local.repository());
        assertEquals("127.0.0.1:5000/x:y", local.familiar());
        assertEquals("latest", ImageRef.parse("127.0.0.1:5000/x").tag());
        // a tag and a digest of the same name: the digest is what the store is asked for
        ImageRef pinned = ImageRef.parse("name@sha256:" + HEX);
        assertEquals("library/name", pinned.repository());
        assertNull(pinned.repoTag());
    }

    @Test
    void pushAndTagQueriesAddTheTag() {
        assertEquals(ImageRef.parse("127.0.0.1:5000/x:y"), PullRequest.reference("127.0.0.1:5000/x", "y"));
        assertEquals(ImageRef.parse("x:latest"), PullRequest.reference("x", null));
    }
}
