package io.berth.events.spec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigestTest {
    private static final String EMPTY = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesAndPrintsBack() {
        assertEquals(EMPTY, Digest.parse(EMPTY).toString());
        assertEquals(Digest.parse(EMPTY), Digest.of(new byte[0]));
    }

    @Test
    void hashesContent() {
        assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                Digest.of("hello".getBytes(StandardCharsets.US_ASCII)).toString());
    }

    @Test
    void rejectsMalformedDigestsNamingThem() {
        for (String bad : new String[]{null, "", "sha256:", "sha512:" + EMPTY.substring(7), EMPTY.substring(7),
                EMPTY + "0", EMPTY.substring(0, EMPTY.length() - 1), EMPTY.toUpperCase().replace("SHA256", "sha256"),
                "sha256:" + "g".repeat(64), "sha256:../../etc/passwd"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Digest.parse(bad), String.valueOf(bad));
            assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
        }
    }

    @Test
    void hexOfTakesWhatFollowsTheAlgorithm() {
        assertEquals(EMPTY.substring(7), Digest.hexOf(EMPTY));
        assertEquals("ab", Digest.hexOf("sha512:ab"));
    }
}
