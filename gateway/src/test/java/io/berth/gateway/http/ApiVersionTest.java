package io.berth.gateway.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiVersionTest {
    @Test
    void prefixIsSplitOff() {
        ApiVersion v = ApiVersion.of("/v1.44/containers/json");
        assertEquals("1.44", v.version());
        assertEquals("/containers/json", v.path());
        ApiVersion plain = ApiVersion.of("/_ping");
        assertNull(plain.version());
        assertEquals("/_ping", plain.path());
        assertEquals("1.44", plain.effective());
        assertEquals("/version", ApiVersion.of("/version").path());
    }

    @Test
    void boundsAreChecked() {
        assertTrue(ApiVersion.of("/v1.44/x").rejection().isEmpty());
        assertTrue(ApiVersion.of("/v1.24/x").rejection().isEmpty());
        assertTrue(ApiVersion.of("/v1.32/x").rejection().isEmpty());
        assertEquals("client version 1.50 is too new. Maximum supported API version is 1.44",
                ApiVersion.of("/v1.50/x").rejection().orElseThrow().getMessage());
        ApiError old = ApiVersion.of("/v1.9/x").rejection().orElseThrow();
        assertEquals(400, old.status());
        assertTrue(old.getMessage().startsWith("client version 1.9 is too old. Minimum supported API version is 1.24"));
    }

    @Test
    void versionsCompareNumerically() {
        assertTrue(ApiVersion.compare("1.9", "1.10") < 0);
        assertTrue(ApiVersion.compare("2", "1.44") > 0);
        assertEquals(0, ApiVersion.compare("1.44", "1.44.0"));
    }

    @Test
    void queryFlagsAsDockerReadsThem() {
        assertTrue(QueryFlags.isTrue("1"));
        assertTrue(QueryFlags.isTrue("true"));
        assertTrue(QueryFlags.isTrue("yes"));
        for (String f : new String[]{null, "", "0", "no", "false", "none", "FALSE"}) {
            assertEquals(false, QueryFlags.isTrue(f), f);
        }
    }
}
