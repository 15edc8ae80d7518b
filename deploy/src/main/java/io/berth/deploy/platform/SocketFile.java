package io.berth.deploy.platform;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** The API's Unix socket path: cleared of a dead predecessor's leftover before binding, removed at shutdown. */
public final class SocketFile {

    /** Deletes a stale socket file; refuses if a live process still answers on it. */
    public static void prepare(Path socket) throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        if (!Files.exists(socket)) {
            return;
        }
        if (answers(socket)) {
            throw new IllegalStateException("another process is serving on " + socket + "; stop it or choose "
                    + "another --socket");
        }
        Files.delete(socket);
    }

    public static void remove(Path socket) throws IOException {
        Files.deleteIfExists(socket);
    }

    static boolean answers(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    private SocketFile() {
    }
}
