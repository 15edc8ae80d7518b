package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.spec.Healthcheck;
import io.berth.gateway.http.ApiError;

import java.util.ArrayList;
import java.util.List;

/**
 * A container's healthcheck: the create's {@code Config.Healthcheck} over the image's, field by field as
 * dockerd merges them (an unset test, interval, timeout, start period or retries falls back to the image's),
 * with {@code ["NONE"]} ({@code --no-healthcheck}) turning it off.
 */
public final class HealthSettings {
    /** dockerd's MinimumDuration: a set interval, timeout or start period shorter than this is refused. */
    static final long MINIMUM = 1_000_000L;

    /** The healthcheck to run, or null for none. */
    public static Healthcheck resolve(JsonNode requested, JsonNode image) {
        Probe user = Probe.read(requested, "Config.Healthcheck");
        Probe base = Probe.read(image, "image Healthcheck");
        List<String> test = user.test.isEmpty() ? base.test : user.test;
        if (test.isEmpty() || test.get(0).equals("NONE")) {
            return null;
        }
        String kind = test.get(0);
        if (!kind.equals("CMD") && !kind.equals("CMD-SHELL")) {
            throw ApiError.badRequest("Healthcheck.Test must start with CMD, CMD-SHELL or NONE, got " + kind);
        }
        if (test.size() < 2) {
            throw ApiError.badRequest("Healthcheck.Test " + kind + " needs a command");
        }
        return new Healthcheck(test, or(user.interval, base.interval), or(user.timeout, base.timeout),
                or(user.startPeriod, base.startPeriod), (int) or(user.retries, base.retries));
    }

    private static long or(long mine, long fallback) {
        return mine != 0 ? mine : fallback;
    }

    private record Probe(List<String> test, long interval, long timeout, long startPeriod, long retries) {
        static Probe read(JsonNode node, String where) {
            if (node == null || node.isNull()) {
                return new Probe(List.of(), 0, 0, 0, 0);
            }
            if (!node.isObject()) {
                throw ApiError.badRequest(where + " must be an object");
            }
            List<String> test = new ArrayList<>();
            JsonNode t = node.get("Test");
            if (t != null && !t.isNull()) {
                if (!t.isArray()) {
                    throw ApiError.badRequest(where + ".Test must be a list of strings");
                }
                for (JsonNode item : t) {
                    if (!item.isTextual()) {
                        throw ApiError.badRequest(where + ".Test must be a list of strings");
                    }
                    test.add(item.asText());
                }
            }
            if (node.hasNonNull("StartInterval") && node.get("StartInterval").asLong() != 0) {
                throw ApiError.badRequest(where + ".StartInterval (--health-start-interval) is not supported by Berth");
            }
            return new Probe(test, duration(node, where, "Interval"), duration(node, where, "Timeout"),
                    duration(node, where, "StartPeriod"), retries(node, where));
        }

        private static long duration(JsonNode node, String where, String name) {
            long value = integer(node, where, name);
            if (value < 0 || (value > 0 && value < MINIMUM)) {
                throw ApiError.badRequest(where + "." + name + " in " + name.toLowerCase()
                        + " cannot be less than 1ms, got " + value + "ns");
            }
            return value;
        }

        private static long retries(JsonNode node, String where) {
            long value = integer(node, where, "Retries");
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw ApiError.badRequest(where + ".Retries must not be negative, got " + value);
            }
            return value;
        }

        private static long integer(JsonNode node, String where, String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return 0;
            }
            if (!v.isIntegralNumber()) {
                throw ApiError.badRequest(where + "." + name + " must be an integer");
            }
            return v.asLong();
        }
    }

    private HealthSettings() {
    }
}
