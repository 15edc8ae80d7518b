package io.berth.gateway.api;

import io.berth.gateway.http.ApiError;
import io.berth.gateway.image.ImageConfig;
import io.berth.gateway.image.ImageRef;
import io.berth.gateway.image.ResolvedImage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlatformCheckTest {
    private static final ImageRef REF = ImageRef.parse("busybox");
    private static final ResolvedImage AMD64 = new ResolvedImage(REF, "sha256:m", "sha256:c", List.of(),
            ImageConfig.EMPTY, null, "linux", "amd64", List.of());

    @Test
    void noPlatformOrTheImagesOwnIsTaken() {
        for (String p : new String[] {null, "", "linux", "linux/amd64", "LINUX/AMD64", "linux/x86_64"}) {
            assertDoesNotThrow(() -> ContainerCreateRoute.checkPlatform(p, AMD64, REF), p);
        }
    }

    @Test
    void anotherPlatformIsRefusedWithDockerdsWords() {
        ApiError e = assertThrows(ApiError.class, () -> ContainerCreateRoute.checkPlatform("linux/arm64", AMD64, REF));
        assertEquals("image with reference busybox:latest was found but does not match the specified platform: "
                + "wanted linux/arm64, actual: linux/amd64", e.getMessage());
        assertThrows(ApiError.class, () -> ContainerCreateRoute.checkPlatform("windows", AMD64, REF));
    }
}
