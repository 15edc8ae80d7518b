package io.berth.imagestore.manifest;

import io.berth.events.spec.Digest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestDocumentTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);

    @Test
    void aDockerImageListsConfigThenLayersButNotForeignOnes() {
        ManifestDocument m = parse("""
                {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
                 "config":{"digest":"%s","size":1},
                 "layers":[{"digest":"%s","size":2},
                           {"digest":"%s","size":3,"urls":["https://example.invalid/layer"]}]}
                """.formatted(A, B, C), MediaTypes.DOCKER_MANIFEST);
        assertEquals(MediaTypes.DOCKER_MANIFEST, m.mediaType());
        assertEquals(List.of(Digest.parse(A), Digest.parse(B)), m.blobs());
        assertFalse(m.isIndex());
    }

    @Test
    void anOciManifestWithoutMediaTypeTakesTheHeaderOrItsShape() {
        String body = """
                {"schemaVersion":2,"config":{"digest":"%s"},"layers":[]}""".formatted(A);
        assertEquals(MediaTypes.OCI_MANIFEST, parse(body, MediaTypes.OCI_MANIFEST).mediaType());
        assertEquals(MediaTypes.OCI_MANIFEST, parse(body, null).mediaType());
        assertEquals(MediaTypes.OCI_INDEX, parse("""
                {"schemaVersion":2,"manifests":[]}""", "application/json").mediaType());
    }

    @Test
    void anIndexListsChildrenWithPlatforms() {
        ManifestDocument index = parse("""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
                  {"digest":"%s","platform":{"os":"linux","architecture":"arm64","variant":"v8"}},
                  {"digest":"%s","platform":{"os":"linux","architecture":"amd64"}}]}""".formatted(A, B), null);
        assertTrue(index.isIndex());
        assertEquals(2, index.children().size());
        assertEquals("v8", index.children().get(0).variant());
        assertEquals(Digest.parse(B), ManifestNegotiation.platformChild(index).orElseThrow().digest());
    }

    @Test
    void whatIsRefused() {
        assertThrows(ManifestInvalidException.class, () -> parse("[]", null));
        assertThrows(ManifestInvalidException.class, () -> parse("{nope", null));
        assertThrows(ManifestInvalidException.class, () -> parse("{\"schemaVersion\":1,\"fsLayers\":[]}", null));
        assertThrows(ManifestInvalidException.class, () -> parse("""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}""", null));
        assertThrows(ManifestInvalidException.class, () -> parse("""
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "config":{"digest":"%s"},"layers":[]}""".formatted(A), MediaTypes.DOCKER_MANIFEST));
        assertThrows(ManifestInvalidException.class, () -> parse("""
                {"schemaVersion":2,"mediaType":"text/plain","config":{"digest":"%s"},"layers":[]}""".formatted(A), null));
        assertThrows(ManifestInvalidException.class, () -> parse("""
                {"schemaVersion":2,"config":{"digest":"md5:abc"},"layers":[]}""", null));
        assertThrows(ManifestInvalidException.class, () -> parse("{\"schemaVersion\":2}", null));
    }

    @Test
    void negotiationSwapsAnIndexOnlyForClientsThatTakeNone() {
        assertFalse(ManifestNegotiation.wantsSingleImage(List.of()));
        assertFalse(ManifestNegotiation.wantsSingleImage(List.of("*/*")));
        assertFalse(ManifestNegotiation.wantsSingleImage(List.of(MediaTypes.OCI_MANIFEST + ", " + MediaTypes.OCI_INDEX)));
        assertFalse(ManifestNegotiation.wantsSingleImage(List.of(MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_LIST + ";q=0.5")));
        assertTrue(ManifestNegotiation.wantsSingleImage(List.of(MediaTypes.DOCKER_MANIFEST)));
        assertTrue(ManifestNegotiation.wantsSingleImage(List.of(MediaTypes.OCI_MANIFEST + "; q=1", "application/json")));
    }

    private static ManifestDocument parse(String body, String contentType) {
        return ManifestDocument.parse(body.getBytes(StandardCharsets.UTF_8), contentType);
    }
}
