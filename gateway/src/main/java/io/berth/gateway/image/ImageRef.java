package io.berth.gateway.image;

import io.berth.gateway.http.ApiError;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An image reference parsed once, as Docker's reference grammar reads it: {@code busybox},
 * {@code busybox:latest}, {@code docker.io/library/busybox:latest}, {@code localhost:5000/a/b:c},
 * {@code name@sha256:…}. Parsing fails with a 400 naming the offending value.
 *
 * @param domain     registry host as typed, {@code docker.io} by default
 * @param repository the repository path in the registry ({@code library/busybox})
 * @param tag        the tag, {@code latest} when neither tag nor digest was given, null with a digest only
 * @param digest     {@code sha256:…} or null
 */
public record ImageRef(String domain, String repository, String tag, String digest) {
    public static final String DEFAULT_DOMAIN = "docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");

    public static ImageRef parse(String text) {
        if (text == null || text.isEmpty()) {
            throw ApiError.badRequest("invalid reference format: no image given");
        }
        String rest = text;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw invalid(text, "invalid digest " + digest);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(text, "invalid tag " + tag);
            }
        }
        String domain = DEFAULT_DOMAIN;
        List<String> parts = List.of(rest.split("/", -1));
        String first = parts.get(0);
        if (parts.size() > 1 && (first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase(java.util.Locale.ROOT)))) {
            if (!DOMAIN.matcher(first).matches()) {
                throw invalid(text, "invalid registry host " + first);
            }
            domain = first.equals("index.docker.io") ? DEFAULT_DOMAIN : first;
            rest = rest.substring(first.length() + 1);
        }
        for (String component : rest.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                if (component.equals(component.toLowerCase(java.util.Locale.ROOT))) {
                    throw invalid(text, null);
                }
                throw ApiError.badRequest("invalid reference format: repository name (" + rest
                        + ") must be lowercase");
            }
        }
        if (domain.equals(DEFAULT_DOMAIN) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageRef(domain, rest, tag, digest);
    }

    private static ApiError invalid(String text, String why) {
        return ApiError.badRequest("invalid reference format" + (why == null ? "" : ": " + why) + " in " + text);
    }

    /** The tag or digest to ask the registry's manifest endpoint for; the digest wins. */
    public String reference() {
        return digest != null ? digest : tag;
    }

    /** The short name Docker prints: {@code busybox}, {@code user/app}, {@code localhost:5000/a/b}. */
    public String familiarName() {
        if (domain.equals(DEFAULT_DOMAIN)) {
            return repository.startsWith("library/") ? repository.substring("library/".length()) : repository;
        }
        return domain + "/" + repository;
    }

    /** The familiar name with its tag or digest, as Docker's messages show it ({@code busybox:latest}). */
    public String familiar() {
        String name = familiarName();
        if (tag != null) {
            name += ":" + tag;
        }
        if (digest != null) {
            name += "@" + digest;
        }
        return name;
    }

    /** {@code name:tag} for RepoTags, or null when the reference is by digest only. */
    public String repoTag() {
        return tag == null ? null : familiarName() + ":" + tag;
    }
}
