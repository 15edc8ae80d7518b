package io.berth.imagestore.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;

/** An error as the OCI Distribution spec writes it: an HTTP status and {@code {"errors":[{code,message,detail}]}}. */
public record RegistryError(int status, String code, String message, String detail) {

    public static RegistryError nameInvalid(String name) {
        return new RegistryError(400, "NAME_INVALID", "invalid repository name", name);
    }

    public static RegistryError nameUnknown(String name) {
        return new RegistryError(404, "NAME_UNKNOWN", "repository name not known to registry", name);
    }

    public static RegistryError digestInvalid(String digest) {
        return new RegistryError(400, "DIGEST_INVALID", "provided digest did not match uploaded content", digest);
    }

    public static RegistryError tagInvalid(String tag) {
        return new RegistryError(400, "TAG_INVALID", "manifest tag is not valid", tag);
    }

    public static RegistryError manifestUnknown(String reference) {
        return new RegistryError(404, "MANIFEST_UNKNOWN", "manifest unknown", reference);
    }

    public static RegistryError blobUnknown(String digest) {
        return new RegistryError(404, "BLOB_UNKNOWN", "blob unknown to registry", digest);
    }

    public static RegistryError digestMismatch(String expected, String actual) {
        return new RegistryError(400, "DIGEST_INVALID", "provided digest did not match uploaded content",
                "expected " + expected + ", got " + actual);
    }

    public static RegistryError uploadUnknown(String id) {
        return new RegistryError(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", id);
    }

    public static RegistryError uploadOutOfOrder(String detail) {
        return new RegistryError(416, "BLOB_UPLOAD_INVALID", "blob upload invalid", detail);
    }

    public static RegistryError manifestInvalid(String detail) {
        return new RegistryError(400, "MANIFEST_INVALID", "manifest invalid", detail);
    }

    public static RegistryError manifestBlobUnknown(String digest) {
        return new RegistryError(400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry", digest);
    }

    public static RegistryError paginationInvalid(String n) {
        return new RegistryError(400, "PAGINATION_NUMBER_INVALID", "invalid number of results requested", n);
    }

    public static RegistryError rangeInvalid(String range) {
        return new RegistryError(416, "RANGE_INVALID", "invalid content range", range);
    }

    public static RegistryError unsupported(String what) {
        return new RegistryError(405, "UNSUPPORTED", "the operation is unsupported", what);
    }

    public static RegistryError notFound(String path) {
        return new RegistryError(404, "NOT_FOUND", "no such endpoint", path);
    }

    public byte[] body() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode error = root.putArray("errors").addObject();
        error.put("code", code);
        error.put("message", message);
        error.put("detail", detail);
        return Json.bytes(root);
    }
}
