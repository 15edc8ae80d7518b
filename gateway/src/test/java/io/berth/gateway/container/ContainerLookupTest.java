package io.berth.gateway.container;

import io.berth.gateway.http.ApiError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ContainerLookupTest {
    private static final String A = "abc1" + "0".repeat(60);
    private static final String B = "abc2" + "0".repeat(60);
    private static final List<String> IDS = List.of(A, B);
    private static final Map<String, String> NAMES = Map.of("web", A, "abc2", A);

    private static String resolve(String ref) {
        return ContainerLookup.resolve(ref, IDS::contains, NAMES::get, () -> IDS);
    }

    @Test
    void idThenNameThenPrefix() {
        assertEquals(A, resolve(A));
        assertEquals(A, resolve("web"));
        assertEquals(A, resolve("/web"));
        // a name beats an id prefix, as in dockerd
        assertEquals(A, resolve("abc2"));
        assertEquals(B, resolve("abc20"));
    }

    @Test
    void ambiguousAndUnknown() {
        ApiError ambiguous = assertThrows(ApiError.class, () -> resolve("abc"));
        assertEquals(400, ambiguous.status());
        assertEquals("multiple IDs found with provided prefix: abc", ambiguous.getMessage());
        ApiError unknown = assertThrows(ApiError.class, () -> resolve("zzz"));
        assertEquals(404, unknown.status());
        assertEquals("No such container: zzz", unknown.getMessage());
    }
}
