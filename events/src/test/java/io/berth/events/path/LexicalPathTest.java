package io.berth.events.path;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LexicalPathTest {

    @Test
    void dropsEmptyAndDotElements() {
        assertEquals(List.of("a", "b"), LexicalPath.elements("/a//./b/"));
        assertEquals("a/b", LexicalPath.clean("./a/b/."));
    }

    @Test
    void dotDotRemovesTheElementBeforeButStopsAtTheTop() {
        assertEquals("a/c", LexicalPath.clean("a/b/../c"));
        assertEquals("etc", LexicalPath.clean("/../../etc"));
        assertEquals(List.of(), LexicalPath.elements("/"));
        assertEquals("", LexicalPath.clean("a/.."));
    }
}
