package io.berth.gateway.image;

import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageRemovalTest {
    private static final String ID = "sha256:" + "7b1a".repeat(16);
    private static final ImageRef BUSYBOX = ImageRef.parse("busybox");
    private static final ImageRef OTHER = ImageRef.parse("other:1");
    private static final ImageRemoval.User STOPPED = new ImageRemoval.User("4a3b".repeat(16), false);
    private static final ImageRemoval.User RUNNING = new ImageRemoval.User("4a3b".repeat(16), true);

    @Test
    void lastTagOfAnUnusedImageUntagsAndDeletes() {
        ImageRemoval plan = ImageRemoval.decide("busybox", BUSYBOX, ID, List.of(BUSYBOX), false, List.of());
        assertEquals(List.of(Map.of("Untagged", "busybox:latest"), Map.of("Deleted", ID)), plan.records());
        assertTrue(plan.delete());
        assertEquals(List.of(BUSYBOX), plan.untag());
    }

    @Test
    void oneOfSeveralTagsOnlyUntags() {
        ImageRemoval plan = ImageRemoval.decide("other:1", OTHER, ID, List.of(BUSYBOX, OTHER), false, List.of(RUNNING));
        assertEquals(List.of(Map.of("Untagged", "other:1")), plan.records());
        assertFalse(plan.delete());
    }

    @Test
    void onlyReferenceInUseIsRefusedWithDockerdsWords() {
        ApiError e = assertThrows(ApiError.class,
                () -> ImageRemoval.decide("busybox", BUSYBOX, ID, List.of(BUSYBOX), false, List.of(STOPPED)));
        assertEquals(409, e.status());
        assertEquals("conflict: unable to remove repository reference \"busybox\" (must force) - container 4a3b4a3b4a3b"
                + " is using its referenced image 7b1a7b1a7b1a", e.getMessage());
    }

    @Test
    void forcedUntagOfAnImageARunningContainerUsesKeepsTheImage() {
        ImageRemoval plan = ImageRemoval.decide("busybox", BUSYBOX, ID, List.of(BUSYBOX), true, List.of(RUNNING));
        assertEquals(List.of(Map.of("Untagged", "busybox:latest")), plan.records());
        assertFalse(plan.delete());
        assertTrue(ImageRemoval.decide("busybox", BUSYBOX, ID, List.of(BUSYBOX), true, List.of(STOPPED)).delete());
    }

    @Test
    void byIdConflicts() {
        assertEquals("conflict: unable to delete 7b1a7b1a7b1a (cannot be forced) - image is being used by running"
                + " container 4a3b4a3b4a3b", assertThrows(ApiError.class,
                () -> ImageRemoval.decide("7b1a", null, ID, List.of(BUSYBOX), true, List.of(RUNNING))).getMessage());
        assertEquals("conflict: unable to delete 7b1a7b1a7b1a (must be forced) - image is being used by stopped"
                + " container 4a3b4a3b4a3b", assertThrows(ApiError.class,
                () -> ImageRemoval.decide("7b1a", null, ID, List.of(BUSYBOX), false, List.of(STOPPED))).getMessage());
        assertEquals("conflict: unable to delete 7b1a7b1a7b1a (must be forced) - image is referenced in multiple"
                + " repositories", assertThrows(ApiError.class,
                () -> ImageRemoval.decide("7b1a", null, ID, List.of(BUSYBOX, OTHER), false, List.of())).getMessage());
    }

    @Test
    void byIdForcedUntagsEverythingThenDeletes() {
        ImageRemoval plan = ImageRemoval.decide(ID, null, ID, List.of(BUSYBOX, OTHER), true, List.of(STOPPED));
        assertEquals(List.of(Map.of("Untagged", "busybox:latest"), Map.of("Untagged", "other:1"), Map.of("Deleted", ID)),
                plan.records());
        assertTrue(plan.delete());
    }
}
