package io.berth.gateway.container;

import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerNameTest {
    @Test
    void validNamesLoseTheirSlash() {
        assertEquals("web-1.a_b", ContainerName.validate("/web-1.a_b"));
        assertEquals("w1", ContainerName.validate("w1"));
    }

    @Test
    void invalidNamesGetDockersMessage() {
        ApiError e = assertThrows(ApiError.class, () -> ContainerName.validate("_x"));
        assertEquals(400, e.status());
        assertEquals("Invalid container name (_x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", e.getMessage());
        assertThrows(ApiError.class, () -> ContainerName.validate("a"));
        assertThrows(ApiError.class, () -> ContainerName.validate("a b"));
        assertThrows(ApiError.class, () -> ContainerName.validate("//ab"));
    }

    @Test
    void namesAreAtMost255Characters() {
        assertEquals(255, ContainerName.validate("/" + "a".repeat(255)).length());
        ApiError e = assertThrows(ApiError.class, () -> ContainerName.validate("a".repeat(300)));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("at most 255 characters"), e.getMessage());
    }

    @Test
    void generatedNamesAreValidAdjectiveSurname() {
        NameGenerator gen = new NameGenerator(new Random(1));
        for (int i = 0; i < 50; i++) {
            String name = gen.next(i % 5);
            assertTrue(name.matches("[a-z]+_[a-z]+[0-9]?"), name);
            ContainerName.validate(name);
        }
    }
}
