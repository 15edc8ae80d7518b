package io.berth.agent.archive;

import io.berth.agent.sys.RootCalls;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ContainerPathsTest {

    @Test
    void baseNamesFollowDockersRebase() {
        assertEquals("hostname", ContainerPaths.baseName("/etc/hostname"));
        assertEquals("etc", ContainerPaths.baseName("/etc/"));
        assertEquals(".", ContainerPaths.baseName("/etc/."));
        assertEquals("/", ContainerPaths.baseName("/"));
        assertEquals("rel", ContainerPaths.baseName("rel"));
    }

    @Test
    void entriesStayUnderTheExtractionPoint() {
        assertEquals(List.of("a", "b"), ContainerPaths.entry("./a/b"));
        assertEquals(List.of("a", "b"), ContainerPaths.entry("/a//b/"));
        assertEquals(List.of("b"), ContainerPaths.entry("a/../b"));
        assertEquals(List.of(), ContainerPaths.entry("./"));
        assertThrows(IllegalArgumentException.class, () -> ContainerPaths.entry("../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> ContainerPaths.entry("a/../../x"));
    }

    @Test
    void statModesAreGoFileModes() {
        assertEquals((1L << 31) | 0755, PathStat.goMode(RootCalls.S_IFDIR | 0755));
        assertEquals((1L << 27) | 0777, PathStat.goMode(RootCalls.S_IFLNK | 0777));
        assertEquals(0644, PathStat.goMode(RootCalls.S_IFREG | 0644));
        assertEquals((1L << 23) | 0755, PathStat.goMode(RootCalls.S_IFREG | 04755));
    }
}
