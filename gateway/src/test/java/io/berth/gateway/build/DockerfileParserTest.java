package io.berth.gateway.build;

import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DockerfileParserTest {

    @Test
    void instructionsWithContinuationsCommentsAndForms() {
        List<Instruction> parsed = DockerfileParser.parse("""
                # syntax=docker/dockerfile:1
                # a comment
                ARG BASE=busybox
                FROM $BASE AS build

                RUN echo one \\
                # a comment inside the continuation

                    && echo two
                CMD ["cat", "/x"]
                ENTRYPOINT echo [not json
                copy --from=build --chown=1:2 /a /b
                """);
        assertEquals(6, parsed.size());
        assertEquals("arg", parsed.get(0).keyword());
        assertEquals(3, parsed.get(0).line());
        assertEquals("from", parsed.get(1).keyword());
        assertEquals("run", parsed.get(2).keyword());
        assertEquals(6, parsed.get(2).line());
        assertEquals("echo one     && echo two", parsed.get(2).args());
        assertNull(parsed.get(2).json());
        assertEquals(List.of("cat", "/x"), parsed.get(3).json());
        assertNull(parsed.get(4).json(), "not JSON: shell form");
        assertEquals(Map.of("from", "build", "chown", "1:2"), parsed.get(5).flags());
        assertEquals("/a /b", parsed.get(5).args());
        assertEquals("copy --from=build --chown=1:2 /a /b", parsed.get(5).original());
    }

    @Test
    void theEscapeDirectiveChangesTheContinuationCharacter() {
        List<Instruction> parsed = DockerfileParser.parse("# escape=`\nFROM busybox\nRUN echo a `\n  b\\c\n");
        assertEquals("echo a   b\\c", parsed.get(1).args());
        assertEquals('`', DockerfileParser.escapeOf("# escape=`\nFROM x\n"));
        assertEquals('\\', DockerfileParser.escapeOf("FROM x\n# escape=`\n"), "a directive only at the top");
    }

    @Test
    void errorsNameTheLineAsDockerdDoes() {
        assertEquals("dockerfile parse error line 2: unknown instruction: RUNN",
                message("FROM busybox\nRUNN echo\n"));
        assertEquals("dockerfile parse error line 1: FROM requires either one or three arguments",
                message("FROM a b\n"));
        assertEquals("dockerfile parse error line 2: ENV must have two arguments", message("FROM a\nENV X\n"));
        assertEquals("dockerfile parse error line 2: COPY requires at least two arguments, but only one was provided."
                + " Destination could not be determined.", message("FROM a\nCOPY x\n"));
        assertEquals("dockerfile parse error line 2: Unknown flag: mount", message("FROM a\nRUN --mount=x true\n"));
        assertEquals("dockerfile parse error line 2: WORKDIR requires exactly one argument", message("FROM a\nWORKDIR\n"));
        assertEquals("dockerfile parse error line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
                message("FROM a\nONBUILD ONBUILD RUN x\n"));
        assertEquals("dockerfile parse error line 2: SHELL requires the arguments to be in JSON form",
                message("FROM a\nSHELL /bin/bash -c\n"));
    }

    private static String message(String text) {
        return assertThrows(ApiError.class, () -> DockerfileParser.parse(text)).getMessage();
    }

    @Test
    void stagesAndWhatATargetNeeds() {
        List<Instruction> parsed = DockerfileParser.parse("""
                ARG V=1
                FROM busybox AS a
                RUN true
                FROM busybox AS unused
                FROM busybox AS b
                COPY --from=a /x /y
                FROM b AS c
                """);
        List<Instruction> meta = new java.util.ArrayList<>();
        List<Builder.Stage> stages = Builder.stages(parsed, meta);
        assertEquals(1, meta.size());
        assertEquals(4, stages.size());
        assertEquals(List.of("a", "b"), Builder.needed(stages, "b").stream().map(Builder.Stage::name).toList());
        assertEquals(List.of("a", "b", "c"), Builder.needed(stages, "").stream().map(Builder.Stage::name).toList());
        assertThrows(ApiError.class, () -> Builder.needed(stages, "nope"));
        assertThrows(ApiError.class, () -> Builder.stages(DockerfileParser.parse("RUN x\n"), new java.util.ArrayList<>()));
    }
}
