package io.berth.gateway.container;

import io.berth.events.ContainerState;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.FilterQuery;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code filters} query of {@code GET /containers/json}, in both forms dockerd accepts: the CLI's map
 * ({@code {"label":{"a=b":true}}}) and docker-java's list ({@code {"label":["a=b"]}}). Values of one key
 * are alternatives, keys must all hold; {@code label} values must all hold, as in dockerd.
 */
public final class ListFilters {
    private static final Set<String> KNOWN = Set.of("ancestor", "before", "expose", "exited", "health", "id",
            "isolation", "is-task", "label", "name", "network", "publish", "since", "status", "volume");
    private static final Set<String> STATES = Set.of("created", "restarting", "running", "removing", "paused",
            "exited", "dead");

    private static final Set<String> HEALTH = Set.of("starting", "healthy", "unhealthy", "none");

    private final Map<String, Set<String>> values;

    private ListFilters(Map<String, Set<String>> values) {
        this.values = values;
    }

    public static ListFilters parse(String query) {
        Map<String, Set<String>> values = FilterQuery.parse(query, KNOWN);
        for (String status : values.getOrDefault("status", Set.of())) {
            if (!STATES.contains(status)) {
                throw ApiError.badRequest("Unrecognised filter value for status: " + status);
            }
        }
        for (String health : values.getOrDefault("health", Set.of())) {
            if (!HEALTH.contains(health)) {
                throw ApiError.badRequest("Unrecognised filter value for health: " + health);
            }
        }
        for (String code : values.getOrDefault("exited", Set.of())) {
            if (!code.matches("-?[0-9]+")) {
                throw ApiError.badRequest("invalid filter 'exited=" + code + "'");
            }
        }
        return new ListFilters(values);
    }

    /** {@code busybox}, {@code busybox:latest} and {@code docker.io/library/busybox:latest} name one image. */
    static boolean sameImage(String a, String b) {
        return canonical(a).equals(canonical(b));
    }

    private static String canonical(String ref) {
        String r = ref.startsWith("docker.io/") ? ref.substring("docker.io/".length()) : ref;
        r = r.startsWith("library/") ? r.substring("library/".length()) : r;
        boolean tagged = r.contains("@") || r.lastIndexOf(':') > r.lastIndexOf('/');
        return tagged ? r : r + ":latest";
    }

    public Set<String> get(String key) {
        return values.getOrDefault(key, Set.of());
    }

    /** Whether the filters ask about stopped containers, which lists them without {@code all}. */
    public boolean mentionsStopped() {
        return values.containsKey("status") || values.containsKey("exited");
    }

    public boolean matches(ContainerRecord r) {
        if (!anyMatch("id", r.id())) {
            return false;
        }
        if (values.containsKey("name") && !anyMatch("name", "/" + r.name()) && !anyMatch("name", r.name())) {
            return false;
        }
        if (values.containsKey("status") && !get("status").contains(r.status().docker())) {
            return false;
        }
        if (values.containsKey("exited") && (r.status() != ContainerState.EXITED
                || !get("exited").contains(String.valueOf(r.exitCode())))) {
            return false;
        }
        if (values.containsKey("health")
                && !get("health").contains(r.health() == null ? "none" : r.health().status())) {
            return false;
        }
        if (values.containsKey("ancestor") && get("ancestor").stream().noneMatch(a -> sameImage(a, r.spec().image())
                || r.spec().imageId().startsWith(a) || r.spec().imageId().equals("sha256:" + a))) {
            return false;
        }
        Map<String, String> labels = ContainerViews.listLabels(r);
        for (String want : get("label")) {
            int eq = want.indexOf('=');
            boolean ok = eq < 0 ? labels.containsKey(want) : want.substring(eq + 1).equals(labels.get(want.substring(0, eq)));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** dockerd's Match: an exact value, else the value as an unanchored regular expression. */
    private boolean anyMatch(String key, String source) {
        Set<String> wanted = values.get(key);
        if (wanted == null || wanted.isEmpty()) {
            return true;
        }
        for (String w : wanted) {
            if (w.equals(source)) {
                return true;
            }
            try {
                if (Pattern.compile(w).matcher(source).find()) {
                    return true;
                }
            } catch (PatternSyntaxException e) {
                if (source.contains(w)) {
                    return true;
                }
            }
        }
        return false;
    }
}
