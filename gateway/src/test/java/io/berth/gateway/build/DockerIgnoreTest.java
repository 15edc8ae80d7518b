package io.berth.gateway.build;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DockerIgnoreTest {

    @Test
    void patternsExceptionsAndDirectories() {
        DockerIgnore ignore = DockerIgnore.parse("# comment\nignored.txt\n*.log\nsecret/\n**/tmp\n!keep.log\n/build\n");
        assertTrue(ignore.excludes("ignored.txt"));
        assertTrue(ignore.excludes("debug.log"));
        assertFalse(ignore.excludes("dir/debug.log"), "* does not cross /");
        assertFalse(ignore.excludes("keep.log"), "! re-includes");
        assertTrue(ignore.excludes("secret/key"), "everything under an excluded directory");
        assertTrue(ignore.excludes("a/b/tmp/x"));
        assertTrue(ignore.excludes("build/out"));
        assertFalse(ignore.excludes("Dockerfile"));
    }
}
