package io.berth.agent.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;

/**
 * Writes a container's {@code /etc/hosts}, {@code /etc/hostname} and {@code /etc/resolv.conf} into its mounted
 * root before it runs. An image may ship these as symlinks (or {@code /etc} itself as one) pointing anywhere on
 * the host: a symlinked file is replaced, never written through, and a symlinked {@code /etc} is refused.
 */
public final class EtcWriter {

    public static void write(Path rootfs, Map<String, String> files) throws IOException {
        write(rootfs, files, IdRange.HOST);
    }

    /** As {@link #write(Path, Map)}, each file (and an /etc it made) owned by the container's root. */
    public static void write(Path rootfs, Map<String, String> files, IdRange ids) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path relative = Path.of("/").relativize(Path.of(f.getKey()).normalize());
            if (relative.getNameCount() != 2 || !relative.getName(0).toString().equals("etc")) {
                throw new IllegalArgumentException("only /etc/<file> can be written, not " + f.getKey());
            }
            Path etc = rootfs.resolve("etc");
            if (Files.isSymbolicLink(etc) || (Files.exists(etc, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS))) {
                throw new IOException("the image's /etc is not a directory; cannot write " + f.getKey());
            }
            if (!Files.exists(etc, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(etc);
                HostOwner.ownToRoot(etc, ids);
            }
            Path target = etc.resolve(relative.getFileName().toString());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(target);
            }
            try (SeekableByteChannel out = Files.newByteChannel(target, Set.of(StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS))) {
                out.write(ByteBuffer.wrap(f.getValue().getBytes(StandardCharsets.UTF_8)));
            }
            HostOwner.ownToRoot(target, ids);
        }
    }

    private EtcWriter() {
    }
}
