package io.berth.agent.layer;

import java.util.ArrayList;
import java.util.List;

/** A tar entry name reduced to its components inside the layer: no leading "/", no ".", never "..". */
final class EntryPath {

    /** The components of {@code name}; empty for the layer root itself ({@code ./}). */
    static List<String> components(String name) throws UnsafeEntry {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue; // a leading "/" or "./" only anchors the entry at the layer root
            }
            if (part.equals("..")) {
                throw new UnsafeEntry(name, "a \"..\" component could climb out of the layer");
            }
            if (part.indexOf('\0') >= 0) {
                throw new UnsafeEntry(name, "NUL in the name");
            }
            parts.add(part);
        }
        return parts;
    }

    private EntryPath() {
    }
}
