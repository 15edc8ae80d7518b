package io.berth.agent.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A one-layer image made from the host's static busybox: bin/busybox plus a symlink per applet. */
final class BusyboxRootfs {
    private BusyboxRootfs() {
    }

    static Path build(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), dir.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Process list = new ProcessBuilder("/bin/busybox", "--list-full").redirectErrorStream(true).start();
        String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (list.waitFor() != 0) {
            throw new IOException("busybox --list-full failed: " + applets);
        }
        for (String applet : applets.split("\n")) {
            Path link = dir.resolve(applet.strip());
            if (applet.isBlank() || Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Path.of("/bin/busybox"));
        }
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.createDirectories(dir.resolve("tmp"));
        return dir;
    }
}
