package io.berth.agent.layer;

import java.io.IOException;

/** A tar entry that would write outside its layer directory; the whole layer is refused. */
public final class UnsafeEntry extends IOException {
    public UnsafeEntry(String entry, String why) {
        super("unsafe layer entry \"" + entry + "\": " + why);
    }
}
