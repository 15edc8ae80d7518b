package io.berth.agent.layer;

import io.berth.events.spec.Digest;

/** The bytes served for a layer do not hash to the digest that names it. */
public final class DigestMismatch extends LayerFailure {
    public DigestMismatch(String repository, Digest expected, String actualHex) {
        super("layer " + expected + " of " + repository + ": digest mismatch, content is sha256:" + actualHex);
    }
}
