package io.berth.deploy.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketFileTest {
    @TempDir
    Path dir;

    @Test
    void aDeadSocketIsClearedAndALiveOneRefused() throws Exception {
        Path socket = dir.resolve("run/api.sock");
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(socket));
            assertThrows(IllegalStateException.class, () -> SocketFile.prepare(socket));
        }
        // Closing a Unix server socket leaves its file behind, exactly like a crashed launcher.
        assertTrue(Files.exists(socket));
        SocketFile.prepare(socket);
        assertFalse(Files.exists(socket));
    }
}
