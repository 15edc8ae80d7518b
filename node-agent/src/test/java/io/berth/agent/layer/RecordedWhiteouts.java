package io.berth.agent.layer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Whiteouts written down instead of made (mknod needs root). */
final class RecordedWhiteouts implements Whiteouts {
    final List<Path> hidden = new ArrayList<>();
    final List<Path> opaque = new ArrayList<>();

    @Override
    public void hide(Path path) {
        hidden.add(path);
    }

    @Override
    public void makeOpaque(Path dir) {
        opaque.add(dir);
    }
}
