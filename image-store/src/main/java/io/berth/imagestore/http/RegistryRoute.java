package io.berth.imagestore.http;

import io.berth.events.spec.Digest;
import io.berth.imagestore.storage.RepositoryName;
import io.berth.imagestore.storage.Tag;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A request of the registry API, parsed once from method, path and query; invalid input becomes {@link Invalid}. */
public sealed interface RegistryRoute {
    // Greedy names: the last "/manifests/" etc. splits, since repository names may contain slashes.
    Pattern TAGS = Pattern.compile("^/v2/(.+)/tags/list$");
    Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
    Pattern UPLOADS = Pattern.compile("^/v2/(.+)/blobs/uploads/?$");
    Pattern UPLOAD = Pattern.compile("^/v2/(.+)/blobs/uploads/([^/]+)$");
    Pattern BLOB = Pattern.compile("^/v2/(.+)/blobs/([^/]+)$");
    /** Berth's own endpoint (outside {@code /v2/}): run a garbage collection now. */
    String GC_PATH = "/berth/gc";

    /** {@code GET /v2/}: the API version check. */
    record Base() implements RegistryRoute {
    }

    /** {@code GET /v2/_catalog?n=&last=}. */
    record Catalog(Page page) implements RegistryRoute {
    }

    /** {@code GET /v2/<name>/tags/list?n=&last=}. */
    record TagList(RepositoryName name, Page page) implements RegistryRoute {
    }

    /** {@code GET|HEAD|PUT|DELETE /v2/<name>/manifests/<reference>}: exactly one of tag and digest is set. */
    record Manifest(String method, RepositoryName name, Tag tag, Digest digest) implements RegistryRoute {
        public String reference() {
            return tag != null ? tag.value() : digest.toString();
        }
    }

    /** {@code GET|HEAD /v2/<name>/blobs/<digest>}. */
    record Blob(RepositoryName name, Digest digest) implements RegistryRoute {
    }

    /**
     * {@code POST /v2/<name>/blobs/uploads/}: a new upload; with {@code digest} the body is the whole blob
     * (monolithic), with {@code mount} the blob is taken from repository {@code from} if the registry has it.
     */
    record StartUpload(RepositoryName name, Digest digest, Digest mount, RepositoryName from) implements RegistryRoute {
    }

    /** {@code GET|PATCH|PUT|DELETE /v2/<name>/blobs/uploads/<id>}; {@code digest} is set for PUT only. */
    record Upload(String method, RepositoryName name, UUID id, Digest digest) implements RegistryRoute {
    }

    /** {@code POST /berth/gc}. */
    record CollectGarbage() implements RegistryRoute {
    }

    /** Anything that cannot be served, with the error to answer. */
    record Invalid(RegistryError error) implements RegistryRoute {
    }

    static RegistryRoute parse(String method, String path) {
        return parse(method, path, Map.of());
    }

    /** @param query the request's query parameters (first value of each) */
    static RegistryRoute parse(String method, String path, Map<String, String> query) {
        if (path.equals(GC_PATH)) {
            return method.equals("POST") ? new CollectGarbage() : unsupported(method, path);
        }
        if (path.equals("/v2") || path.equals("/v2/")) {
            return readOnly(method) ? new Base() : unsupported(method, path);
        }
        if (path.equals("/v2/_catalog")) {
            return !readOnly(method) ? unsupported(method, path)
                    : withPage(query, page -> new Catalog(page));
        }
        Matcher m = TAGS.matcher(path);
        if (m.matches()) {
            String raw = m.group(1);
            return !readOnly(method) ? unsupported(method, path)
                    : withPage(query, page -> withName(raw, name -> new TagList(name, page)));
        }
        m = MANIFEST.matcher(path);
        if (m.matches()) {
            return manifest(method, path, m.group(1), decode(m.group(2)));
        }
        m = UPLOADS.matcher(path);
        if (m.matches()) {
            return method.equals("POST") ? startUpload(m.group(1), query) : unsupported(method, path);
        }
        m = UPLOAD.matcher(path);
        if (m.matches()) {
            return upload(method, path, m.group(1), m.group(2), query);
        }
        m = BLOB.matcher(path);
        if (m.matches()) {
            if (!readOnly(method)) {
                // blobs go when nothing references them (garbage collection), never one by one
                return unsupported(method, path);
            }
            String reference = decode(m.group(2));
            Digest digest = digestOrNull(reference);
            return digest == null ? new Invalid(RegistryError.digestInvalid(reference))
                    : withName(m.group(1), name -> new Blob(name, digest));
        }
        return new Invalid(RegistryError.notFound(path));
    }

    private static RegistryRoute manifest(String method, String path, String rawName, String reference) {
        if (!readOnly(method) && !method.equals("PUT") && !method.equals("DELETE")) {
            return unsupported(method, path);
        }
        if (reference.contains(":")) {
            Digest digest = digestOrNull(reference);
            return digest == null ? new Invalid(RegistryError.digestInvalid(reference))
                    : withName(rawName, name -> new Manifest(method, name, null, digest));
        }
        Tag tag = tagOrNull(reference);
        return tag == null ? new Invalid(RegistryError.tagInvalid(reference))
                : withName(rawName, name -> new Manifest(method, name, tag, null));
    }

    private static RegistryRoute startUpload(String rawName, Map<String, String> query) {
        Digest digest = null;
        if (query.containsKey("digest")) {
            digest = digestOrNull(query.get("digest"));
            if (digest == null) {
                return new Invalid(RegistryError.digestInvalid(query.get("digest")));
            }
        }
        Digest mount = null;
        RepositoryName from = null;
        if (query.containsKey("mount")) {
            mount = digestOrNull(query.get("mount"));
            if (mount == null) {
                return new Invalid(RegistryError.digestInvalid(query.get("mount")));
            }
            if (query.containsKey("from")) {
                try {
                    from = RepositoryName.parse(query.get("from"));
                } catch (IllegalArgumentException e) {
                    return new Invalid(RegistryError.nameInvalid(query.get("from")));
                }
            }
        }
        Digest d = digest;
        Digest mt = mount;
        RepositoryName f = from;
        return withName(rawName, name -> new StartUpload(name, d, mt, f));
    }

    private static RegistryRoute upload(String method, String path, String rawName, String rawId, Map<String, String> query) {
        if (!method.equals("GET") && !method.equals("PATCH") && !method.equals("PUT") && !method.equals("DELETE")) {
            return unsupported(method, path);
        }
        UUID id;
        try {
            id = UUID.fromString(rawId);
        } catch (IllegalArgumentException e) {
            return new Invalid(RegistryError.uploadUnknown(rawId));
        }
        Digest digest = null;
        if (method.equals("PUT")) {
            digest = digestOrNull(query.get("digest"));
            if (digest == null) {
                return new Invalid(RegistryError.digestInvalid(String.valueOf(query.get("digest"))));
            }
        }
        Digest d = digest;
        return withName(rawName, name -> new Upload(method, name, id, d));
    }

    private static boolean readOnly(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static RegistryRoute unsupported(String method, String path) {
        return new Invalid(RegistryError.unsupported(method + " " + path));
    }

    private static RegistryRoute withPage(Map<String, String> query, Function<Page, RegistryRoute> route) {
        try {
            return route.apply(Page.parse(query.get("n"), query.get("last")));
        } catch (IllegalArgumentException e) {
            return new Invalid(RegistryError.paginationInvalid(query.get("n")));
        }
    }

    private static RegistryRoute withName(String raw, Function<RepositoryName, RegistryRoute> route) {
        RepositoryName name;
        try {
            name = RepositoryName.parse(raw);
        } catch (IllegalArgumentException e) {
            return new Invalid(RegistryError.nameInvalid(raw));
        }
        return route.apply(name);
    }

    private static Digest digestOrNull(String text) {
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Tag tagOrNull(String text) {
        try {
            return Tag.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // Clients may send "sha256%3A…".
    private static String decode(String segment) {
        return segment.indexOf('%') < 0 ? segment : URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }
}
