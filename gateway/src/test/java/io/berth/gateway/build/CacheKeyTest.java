package io.berth.gateway.build;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheKeyTest {

    @Test
    void theSameParentAndStepGiveTheSameKeyAndAnyChangeAnother() {
        String key = CacheKey.of("sha256:aa", "/bin/sh -c echo hi", List.of());
        assertTrue(key.matches("[0-9a-f]{64}"), key);
        assertEquals(key, CacheKey.of("sha256:aa", "/bin/sh -c echo hi", List.of()));
        assertNotEquals(key, CacheKey.of("sha256:bb", "/bin/sh -c echo hi", List.of()), "another parent");
        assertNotEquals(key, CacheKey.of("sha256:aa", "/bin/sh -c echo ho", List.of()), "another step");
        assertNotEquals(key, CacheKey.of("sha256:aa", "|1 A=1 /bin/sh -c echo hi", List.of()), "a build arg in scope");
        assertNotEquals(CacheKey.of("p", "c", List.of("ab", "c")), CacheKey.of("p", "c", List.of("a", "bc")),
                "extras are delimited");
    }

    @Test
    void copyStepsDifferByTheirSourcesHash() {
        assertNotEquals(CacheKey.of("p", StepText.copy("COPY", "", "file:aa", "/x"), List.of()),
                CacheKey.of("p", StepText.copy("COPY", "", "file:bb", "/x"), List.of()));
        assertEquals("/bin/sh -c #(nop) COPY --chown=1:1 file:aa in /x ", StepText.copy("COPY", "--chown=1:1 ", "file:aa", "/x"));
        assertEquals("|1 G=hello /bin/sh -c echo", StepText.run(List.of("G=hello"), List.of("/bin/sh", "-c", "echo")));
        assertEquals("/bin/sh -c #(nop)  ENTRYPOINT [\"/bin/sh\" \"-c\"]",
                StepText.metadata("ENTRYPOINT " + StepText.quoted(List.of("/bin/sh", "-c"))));
        assertEquals("map[8080/tcp:{} 9090/udp:{}]", StepText.portMap(List.of("9090/udp", "8080/tcp")));
        assertEquals("1m30s", StepText.goDuration(90_000_000_000L));
        assertEquals("0.5s", StepText.goDuration(500_000_000L).replace("0.5s", "0.5s"));
    }
}
