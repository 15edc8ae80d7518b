package io.berth.gateway.build;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;

import java.util.List;
import java.util.Locale;

/** A HEALTHCHECK instruction as the image config's {@code Healthcheck} (durations in nanoseconds). Pure. */
public final class Healthcheck {

    public static ObjectNode of(Instruction i) {
        ObjectNode health = Json.MAPPER.createObjectNode();
        String[] split = i.args().strip().split("\\s+", 2);
        ArrayNode test = health.putArray("Test");
        if (split[0].equalsIgnoreCase("NONE")) {
            test.add("NONE");
            return health;
        }
        String rest = split.length > 1 ? split[1].strip() : "";
        if (rest.isEmpty()) {
            throw new BuildFailure("Missing command after HEALTHCHECK CMD");
        }
        List<String> exec = DockerfileParser.json(rest);
        if (exec != null) {
            test.add("CMD");
            exec.forEach(test::add);
        } else {
            test.add("CMD-SHELL");
            test.add(rest);
        }
        duration(health, "Interval", i.flag("interval"));
        duration(health, "Timeout", i.flag("timeout"));
        duration(health, "StartPeriod", i.flag("start-period"));
        if (i.flag("retries") != null) {
            try {
                int retries = Integer.parseInt(i.flag("retries"));
                if (retries < 1) {
                    throw new BuildFailure("--retries must be at least 1 (not " + retries + ")");
                }
                health.put("Retries", retries);
            } catch (NumberFormatException e) {
                throw new BuildFailure("invalid --retries: " + i.flag("retries"));
            }
        }
        return health;
    }

    /** dockerd's {@code %q} of the struct: {@code &{["CMD-SHELL" "x"] "5s" "3s" "0s" '\x03'}}. */
    public static String text(ObjectNode health) {
        List<String> test = Builder.strings(health.get("Test"));
        int retries = health.path("Retries").asInt(0);
        return "&{" + StepText.quoted(test) + " \"" + StepText.goDuration(health.path("Interval").asLong(0)) + "\" \""
                + StepText.goDuration(health.path("Timeout").asLong(0)) + "\" \""
                + StepText.goDuration(health.path("StartPeriod").asLong(0)) + "\" '\\x"
                + String.format("%02x", retries) + "'}";
    }

    private static void duration(ObjectNode health, String field, String text) {
        if (text == null) {
            return;
        }
        health.put(field, nanos(text));
    }

    /** Go duration text ({@code 1m30s}, {@code 500ms}, {@code 2h}) in nanoseconds. */
    static long nanos(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)").matcher(t);
        long total = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            double n = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total += (long) (n * unit);
            end = m.end();
        }
        if (end != t.length() || t.isEmpty()) {
            throw new BuildFailure("time: invalid duration \"" + text + "\"");
        }
        return total;
    }

    private Healthcheck() {
    }
}
