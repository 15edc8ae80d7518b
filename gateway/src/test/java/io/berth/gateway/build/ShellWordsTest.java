package io.berth.gateway.build;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShellWordsTest {
    private static final Map<String, String> VARS = Map.of("A", "one", "SP", "x y", "EMPTY", "");

    private static List<String> words(String text) {
        return ShellWords.words(text, '\\', VARS::get);
    }

    @Test
    void substitutesAsTheBuilderDoes() {
        assertEquals(List.of("one", "one", "one-x"), words("$A ${A} ${A}-x"));
        assertEquals(List.of("def", "one", "", "alt"), words("${NOPE:-def} ${A:-def} ${A:+} ${A:+alt}"));
        assertEquals(List.of("def", "x", "x"), words("${EMPTY:-def} ${EMPTY-def}x ${EMPTY+x}"));
        assertEquals(List.of("x y"), words("$SP"), "a value is never split again");
        assertEquals(List.of("$A", "one", "${A}"), words("'$A' \"$A\" \\${A}"));
        assertEquals(List.of("a b", "c"), words("\"a b\" c"));
        assertEquals("keep  spaces one", ShellWords.word("keep  spaces $A", '\\', VARS::get));
        assertEquals(List.of("a$A"), ShellWords.split("a$A", '\\'), "split leaves variables alone");
    }

    @Test
    void badSubstitutionsFail() {
        assertThrows(IllegalArgumentException.class, () -> words("${A"));
        assertThrows(IllegalArgumentException.class, () -> words("'open"));
        assertThrows(IllegalArgumentException.class, () -> words("${NOPE:?must be set}"));
    }
}
