package io.berth.imagestore.manifest;

/** A pushed manifest that is not one the registry can store (bad JSON, unknown type, missing fields). */
public final class ManifestInvalidException extends RuntimeException {
    public ManifestInvalidException(String message) {
        super(message);
    }
}
