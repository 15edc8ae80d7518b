package io.berth.agent.layer;

/** A layer could not be made present: fetch, digest or unpack failed. The message names the layer. */
public class LayerFailure extends Exception {
    public LayerFailure(String message) {
        super(message);
    }

    public LayerFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
