package io.berth.agent.archive;

import io.berth.events.spec.MountSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountedPathTest {
    private static MountSpec mount(String type, String target) {
        return new MountSpec(type, "v", "/src", target, false, "", "", false, false, false, "");
    }

    private static final List<MountSpec> MOUNTS = List.of(mount("volume", "/data"), mount("bind", "/data/conf"),
            mount("tmpfs", "/scratch"), mount("volume", "/srv/app/"));

    private static String where(String path) {
        return MountedPath.of(MOUNTS, path).map(m -> m.mount().target() + " " + m.inner()).orElse("root");
    }

    @Test
    void theLongestWholeElementTargetHoldsThePath() {
        assertEquals("/data /", where("/data"));
        assertEquals("/data /f.txt", where("/data/f.txt"));
        assertEquals("/data/conf /a/b", where("/data/conf/a/b"));
        assertEquals("/srv/app/ /x", where("/srv/app/x"));
        assertEquals("root", where("/database/f"), "a prefix of a name is not a parent");
        assertEquals("root", where("/etc/passwd"));
    }

    @Test
    void pathsAreCleanedBeforeTheyAreMatched() {
        assertEquals("/data /f", where("/data/./x/../f"));
        assertEquals("root", where("/data/../etc/passwd"), "climbing out of the mount leaves it");
        assertEquals("/data /", where("//data//"));
    }

    @Test
    void contentsOfAndTrailingSlashesKeepTheirMeaning() {
        assertEquals("/data /.", where("/data/."));
        assertEquals("/data /sub/.", where("/data/sub/."));
        assertEquals("/data /sub/", where("/data/sub/"));
    }

    @Test
    void tmpfsAndTheRootAreNotRedirected() {
        assertEquals("root", where("/scratch/f"));
        assertTrue(MountedPath.of(List.of(mount("bind", "/")), "/etc").isEmpty(), "a bind over / is the root");
        assertEquals(Optional.empty(), MountedPath.of(List.of(), "/data"));
    }
}
