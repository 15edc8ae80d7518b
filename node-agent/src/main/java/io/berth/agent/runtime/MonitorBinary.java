package io.berth.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The native helpers shipped in the jar (monitor, exec), copied out once to a file the kernel can exec. */
final class MonitorBinary {
    static final String RESOURCE = "/native/berth-monitor";

    private MonitorBinary() {
    }

    /** Extracts to {@code stateRoot/berth-monitor}; rewritten only when the jar's copy differs. */
    static Path extract(Path stateRoot) throws IOException {
        return extract(stateRoot, "berth-monitor");
    }

    /** Extracts the helper {@code /native/<name>} to {@code stateRoot/<name>}, as {@link #extract(Path)}. */
    static synchronized Path extract(Path stateRoot, String name) throws IOException {
        String resource = "/native/" + name;
        byte[] bytes;
        try (InputStream in = MonitorBinary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " missing: node-agent was built without " + name);
            }
            bytes = in.readAllBytes();
        }
        Files.createDirectories(stateRoot);
        Path target = stateRoot.resolve(name);
        if (Files.exists(target) && java.util.Arrays.equals(Files.readAllBytes(target), bytes)) {
            return target;
        }
        // Never write over a binary running monitors execute: write beside it, then rename.
        Path tmp = Files.createTempFile(stateRoot, "." + name, ".tmp");
        Files.write(tmp, bytes);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
