package io.berth.imagestore.http;

import io.berth.imagestore.storage.Digest;
import io.berth.imagestore.storage.RepositoryName;
import io.berth.imagestore.storage.Tag;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A request of the registry API, parsed once from method and path; invalid input becomes {@link Invalid}. */
public sealed interface RegistryRoute {
    // Greedy names: the last "/manifests/" etc. splits, since repository names may contain slashes.
    Pattern TAGS = Pattern.compile("^/v2/(.+)/tags/list$");
    Pattern MANIFEST = Pattern.compile("^/v2/(.+)/manifests/([^/]+)$");
    Pattern BLOB = Pattern.compile("^/v2/(.+)/blobs/([^/]+)$");

    /** {@code GET /v2/}: the API version check. */
    record Base() implements RegistryRoute {
    }

    /** {@code GET /v2/_catalog}. */
    record Catalog() implements RegistryRoute {
    }

    /** {@code GET /v2/<name>/tags/list}. */
    record TagList(RepositoryName name) implements RegistryRoute {
    }

    /** {@code GET|HEAD /v2/<name>/manifests/<reference>}: exactly one of tag and digest is set. */
    record Manifest(RepositoryName name, Tag tag, Digest digest) implements RegistryRoute {
        public String reference() {
            return tag != null ? tag.value() : digest.toString();
        }
    }

    /** {@code GET|HEAD /v2/<name>/blobs/<digest>}. */
    record Blob(RepositoryName name, Digest digest) implements RegistryRoute {
    }

    /** Anything that cannot be served, with the error to answer. */
    record Invalid(RegistryError error) implements RegistryRoute {
    }

    static RegistryRoute parse(String method, String path) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new Invalid(RegistryError.unsupported(method + " " + path));
        }
        if (path.equals("/v2") || path.equals("/v2/")) {
            return new Base();
        }
        if (path.equals("/v2/_catalog")) {
            return new Catalog();
        }
        Matcher m = TAGS.matcher(path);
        if (m.matches()) {
            return withName(m.group(1), TagList::new);
        }
        m = MANIFEST.matcher(path);
        if (m.matches()) {
            String reference = decode(m.group(2));
            if (reference.contains(":")) {
                Digest digest = digestOrNull(reference);
                return digest == null ? new Invalid(RegistryError.digestInvalid(reference))
                        : withName(m.group(1), name -> new Manifest(name, null, digest));
            }
            Tag tag = tagOrNull(reference);
            return tag == null ? new Invalid(RegistryError.tagInvalid(reference))
                    : withName(m.group(1), name -> new Manifest(name, tag, null));
        }
        m = BLOB.matcher(path);
        if (m.matches()) {
            String reference = decode(m.group(2));
            Digest digest = digestOrNull(reference);
            return digest == null ? new Invalid(RegistryError.digestInvalid(reference))
                    : withName(m.group(1), name -> new Blob(name, digest));
        }
        return new Invalid(RegistryError.notFound(path));
    }

    private static RegistryRoute withName(String raw, java.util.function.Function<RepositoryName, RegistryRoute> route) {
        try {
            return route.apply(RepositoryName.parse(raw));
        } catch (IllegalArgumentException e) {
            return new Invalid(RegistryError.nameInvalid(raw));
        }
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
