package io.berth.agent.layer;

import java.io.IOException;
import java.nio.file.Path;

/** Writes overlayfs whiteouts, which need syscalls plain Java cannot make. */
public interface Whiteouts {
    /** Makes {@code path} a whiteout: a character device 0/0 that hides the lower layers' entry. */
    void hide(Path path) throws IOException;

    /** Marks {@code dir} opaque ({@code trusted.overlay.opaque=y}): lower layers' contents are hidden. */
    void makeOpaque(Path dir) throws IOException;
}
