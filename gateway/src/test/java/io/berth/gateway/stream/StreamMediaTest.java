package io.berth.gateway.stream;

import io.berth.gateway.http.ApiVersion;
import io.berth.gateway.http.Hijack;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StreamMediaTest {
    @Test
    void multiplexedOnlyWithoutATerminalFromApi142() {
        assertEquals(StreamMedia.MULTIPLEXED, StreamMedia.of(ApiVersion.of("/v1.44/containers/x/logs"), false));
        assertEquals(StreamMedia.MULTIPLEXED, StreamMedia.of(ApiVersion.of("/containers/x/logs"), false));
        assertEquals(StreamMedia.RAW, StreamMedia.of(ApiVersion.of("/v1.41/containers/x/logs"), false));
        assertEquals(StreamMedia.RAW, StreamMedia.of(ApiVersion.of("/v1.44/containers/x/logs"), true));
    }

    @Test
    void theUpgradeHeadIsDockerdsByteForByte() {
        assertEquals("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
                + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n", Hijack.upgraded(StreamMedia.MULTIPLEXED));
    }

    @Test
    void nodeAddressesSplitAtTheLastColon() {
        assertArrayEquals(new String[]{"127.0.0.1", "4242"}, NodeStreams.splitAddress("127.0.0.1:4242"));
        assertArrayEquals(new String[]{"::1", "4242"}, NodeStreams.splitAddress("[::1]:4242"));
    }
}
