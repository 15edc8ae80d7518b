package io.berth.imagestore.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class RegistryRouteTest {
    private static final String D = "sha256:" + "ab".repeat(32);

    @Test
    void namesMayHoldSlashes() {
        var m = assertInstanceOf(RegistryRoute.Manifest.class, RegistryRoute.parse("GET", "/v2/library/busybox/manifests/latest"));
        assertEquals("library/busybox", m.name().value());
        assertEquals("latest", m.tag().value());
        var b = assertInstanceOf(RegistryRoute.Blob.class, RegistryRoute.parse("HEAD", "/v2/a/b/c/blobs/" + D));
        assertEquals("a/b/c", b.name().value());
        assertEquals(D, b.digest().toString());
        var t = assertInstanceOf(RegistryRoute.TagList.class, RegistryRoute.parse("GET", "/v2/library/busybox/tags/list"));
        assertEquals("library/busybox", t.name().value());
    }

    @Test
    void manifestsByDigestAndEncodedColons() {
        var m = assertInstanceOf(RegistryRoute.Manifest.class,
                RegistryRoute.parse("GET", "/v2/busybox/manifests/" + D.replace(":", "%3A")));
        assertEquals(D, m.digest().toString());
    }

    @Test
    void badInputBecomesTheSpecsErrors() {
        assertEquals("DIGEST_INVALID", error("GET", "/v2/busybox/blobs/sha256:123"));
        assertEquals("DIGEST_INVALID", error("GET", "/v2/busybox/manifests/md5:abc"));
        assertEquals("NAME_INVALID", error("GET", "/v2/Busy..Box/manifests/latest"));
        assertEquals("TAG_INVALID", error("GET", "/v2/busybox/manifests/.bad"));
        assertEquals("UNSUPPORTED", error("DELETE", "/v2/busybox/blobs/" + D));
        assertEquals("NOT_FOUND", error("GET", "/v3/"));
        assertEquals(400, ((RegistryRoute.Invalid) RegistryRoute.parse("GET", "/v2/x/blobs/nope")).error().status());
    }

    @Test
    void baseAndCatalog() {
        assertInstanceOf(RegistryRoute.Base.class, RegistryRoute.parse("GET", "/v2/"));
        assertInstanceOf(RegistryRoute.Catalog.class, RegistryRoute.parse("GET", "/v2/_catalog"));
    }

    private static String error(String method, String path) {
        return assertInstanceOf(RegistryRoute.Invalid.class, RegistryRoute.parse(method, path)).error().code();
    }
}
