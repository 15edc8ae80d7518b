package io.berth.gateway.image;

import io.berth.events.image.ImageChanged;
import io.berth.events.spec.LayerRef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeptImagesTest {
    private static final String BUSYBOX = "library/busybox";

    private static ImageRef ref(String repo, String tag) {
        return new ImageRef(ImageRef.DEFAULT_DOMAIN, repo, tag, null);
    }

    private static ResolvedImage image(ImageRef ref, String manifest, String config) {
        return new ResolvedImage(ref, manifest, config, List.of(new LayerRef("sha256:l1", "gzip", 10)),
                ImageConfig.EMPTY, null, "linux", "amd64", List.of());
    }

    /** A store of manifests by digest that records every read. */
    private static final class Store implements KeptImages.Manifests {
        final Map<String, String> configs = new HashMap<>();
        final List<ImageRef> reads = new ArrayList<>();

        @Override
        public Optional<ResolvedImage> read(ImageRef ref) {
            reads.add(ref);
            String config = configs.get(ref.digest());
            return config == null ? Optional.empty() : Optional.of(image(ref, ref.digest(), config));
        }
    }

    private static List<String> tags(KeptImages kept) {
        return kept.images().stream().map(i -> i.ref().repoTag()).toList();
    }

    private static KeptImages filled() {
        KeptImages kept = new KeptImages();
        kept.replace(List.of(new KeptImages.Tagged("sha256:m1", image(ref(BUSYBOX, "latest"), "sha256:m1", "sha256:c1"))));
        return kept;
    }

    @Test
    void aTagOfAKeptManifestReusesItWithoutReadingTheStore() {
        KeptImages kept = filled();
        Store store = new Store();
        kept.apply(ImageChanged.pushed("app", "v1", "sha256:m1"), store);
        assertEquals(List.of("app:v1", "busybox:latest"), tags(kept));
        assertEquals(List.of(), store.reads);
        ResolvedImage app = kept.find(ref("app", "v1")).orElseThrow();
        assertEquals("sha256:c1", app.configDigest());
        assertEquals(ref("app", "v1"), app.ref());
    }

    @Test
    void aNewManifestIsReadOnceByItsDigest() {
        KeptImages kept = filled();
        Store store = new Store();
        store.configs.put("sha256:m2", "sha256:c2");
        kept.apply(ImageChanged.pushed("app", "v1", "sha256:m2"), store);
        assertEquals(List.of(new ImageRef(ImageRef.DEFAULT_DOMAIN, "app", "v1", "sha256:m2")), store.reads);
        assertEquals("sha256:c2", kept.find(ref("app", "v1")).orElseThrow().configDigest());
        assertEquals(ref("app", "v1"), kept.find(ref("app", "v1")).orElseThrow().ref());
    }

    @Test
    void movingATagReplacesWhatItMeans() {
        KeptImages kept = filled();
        Store store = new Store();
        store.configs.put("sha256:m2", "sha256:c2");
        kept.apply(ImageChanged.pushed(BUSYBOX, "latest", "sha256:m2"), store);
        assertEquals(List.of("busybox:latest"), tags(kept));
        assertEquals("sha256:c2", kept.find(ref(BUSYBOX, "latest")).orElseThrow().configDigest());
    }

    @Test
    void anUntagRemovesOnlyThatTag() {
        KeptImages kept = filled();
        kept.apply(ImageChanged.pushed(BUSYBOX, "other", "sha256:m1"), new Store());
        kept.apply(ImageChanged.untagged(BUSYBOX, "latest"), new Store());
        assertEquals(List.of("busybox:other"), tags(kept));
        assertTrue(kept.find(ref(BUSYBOX, "latest")).isEmpty());
    }

    @Test
    void aDeletedManifestTakesEveryTagOfItsRepositoryAndNoOther() {
        KeptImages kept = filled();
        Store store = new Store();
        kept.apply(ImageChanged.pushed(BUSYBOX, "a", "sha256:m1"), store);
        kept.apply(ImageChanged.pushed("app", "v1", "sha256:m1"), store);
        kept.apply(ImageChanged.deleted(BUSYBOX, "sha256:m1"), store);
        assertEquals(List.of("app:v1"), tags(kept));
    }

    @Test
    void aDeletedIndexTakesTheTagsPointingAtIt() {
        KeptImages kept = new KeptImages();
        kept.replace(List.of(new KeptImages.Tagged("sha256:index", image(ref("multi", "1"), "sha256:child", "sha256:c"))));
        assertEquals("sha256:c", kept.find(new ImageRef(ImageRef.DEFAULT_DOMAIN, "multi", null, "sha256:index"))
                .orElseThrow().configDigest());
        kept.apply(ImageChanged.deleted("multi", "sha256:index"), new Store());
        assertEquals(List.of(), tags(kept));
    }

    @Test
    void aPushWhoseManifestIsGoneByThenLeavesTheTagOut() {
        KeptImages kept = filled();
        kept.apply(ImageChanged.pushed("app", "v1", "sha256:gone"), new Store());
        kept.apply(ImageChanged.pushed(BUSYBOX, "latest", "sha256:gone"), new Store());
        assertEquals(List.of(), tags(kept));
    }

    @Test
    void replayingAnnouncementsTheWalkAlreadySawEndsInTheSameState() {
        KeptImages kept = new KeptImages();
        Store store = new Store();
        store.configs.put("sha256:m1", "sha256:c1");
        store.configs.put("sha256:m2", "sha256:c2");
        // the walk saw the end state: app:v1 → m2
        kept.replace(List.of(new KeptImages.Tagged("sha256:m2", image(ref("app", "v1"), "sha256:m2", "sha256:c2"))));
        kept.apply(ImageChanged.pushed("app", "v1", "sha256:m1"), store);
        kept.apply(ImageChanged.untagged("app", "v1"), store);
        kept.apply(ImageChanged.pushed("app", "v1", "sha256:m2"), store);
        assertEquals(List.of("app:v1"), tags(kept));
        assertEquals("sha256:c2", kept.find(ref("app", "v1")).orElseThrow().configDigest());
    }

    @Test
    void aPushByDigestAloneListsNothing() {
        KeptImages kept = new KeptImages();
        Store store = new Store();
        store.configs.put("sha256:m1", "sha256:c1");
        kept.apply(ImageChanged.pushed("app", null, "sha256:m1"), store);
        assertEquals(List.of(), tags(kept));
        assertEquals(List.of(), store.reads);
    }

    @Test
    void anAnnouncementSurvivesTheWire() {
        ImageChanged change = ImageChanged.untagged("a/b", "v1");
        assertEquals(change, ImageChanged.parse(change.json()));
    }
}
