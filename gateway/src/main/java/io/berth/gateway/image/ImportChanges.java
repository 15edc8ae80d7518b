package io.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.gateway.http.ApiError;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Dockerfile instructions {@code docker import -c} may carry ({@code CMD, ENTRYPOINT, ENV, EXPOSE, LABEL,
 * USER, VOLUME, WORKDIR}), applied to a config's {@code config} object as dockerd's commit would.
 */
public final class ImportChanges {
    private static final Set<String> ALLOWED = Set.of("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "USER",
            "VOLUME", "WORKDIR", "ONBUILD");

    /** Applies each change in order; an instruction outside the list is a 400 with dockerd's words. */
    public static void apply(List<String> changes, ObjectNode config) {
        for (String change : changes) {
            String line = change.strip();
            if (line.isEmpty()) {
                continue;
            }
            int space = indexOfSpace(line);
            String instruction = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            String args = space < 0 ? "" : line.substring(space).strip();
            if (!ALLOWED.contains(instruction)) {
                throw ApiError.badRequest(instruction.toLowerCase(Locale.ROOT) + " is not a valid change command");
            }
            switch (instruction) {
                case "CMD" -> config.set("Cmd", command(args, true));
                case "ENTRYPOINT" -> config.set("Entrypoint", command(args, true));
                case "ENV" -> env(args, config);
                case "LABEL" -> pairs(args, "LABEL").forEach(kv -> labels(config).put(kv[0], kv[1]));
                case "EXPOSE" -> {
                    ObjectNode ports = config.has("ExposedPorts") && config.get("ExposedPorts").isObject()
                            ? (ObjectNode) config.get("ExposedPorts") : config.putObject("ExposedPorts");
                    for (String p : args.split("\\s+")) {
                        ports.putObject(p.contains("/") ? p : p + "/tcp");
                    }
                }
                case "USER" -> config.put("User", args);
                case "WORKDIR" -> config.put("WorkingDir", args);
                case "VOLUME" -> {
                    ObjectNode volumes = config.has("Volumes") && config.get("Volumes").isObject()
                            ? (ObjectNode) config.get("Volumes") : config.putObject("Volumes");
                    command(args, false).forEach(v -> volumes.putObject(v.asText()));
                }
                default -> config.withArray("OnBuild").add(args);
            }
        }
    }

    /** JSON form as written; shell form through {@code /bin/sh -c} (or split words for VOLUME). */
    private static ArrayNode command(String args, boolean shell) {
        if (args.startsWith("[")) {
            try {
                JsonNode node = Json.MAPPER.readTree(args);
                if (node.isArray()) {
                    ArrayNode out = Json.MAPPER.createArrayNode();
                    node.forEach(n -> out.add(n.asText()));
                    return out;
                }
            } catch (IOException e) {
                // not JSON after all: dockerd falls back to the shell form
            }
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (shell) {
            out.add("/bin/sh").add("-c").add(args);
        } else {
            for (String word : args.split("\\s+")) {
                out.add(word);
            }
        }
        return out;
    }

    private static void env(String args, ObjectNode config) {
        ArrayNode env = config.has("Env") && config.get("Env").isArray() ? (ArrayNode) config.get("Env")
                : config.putArray("Env");
        for (String[] kv : pairs(args, "ENV")) {
            String entry = kv[0] + "=" + kv[1];
            boolean replaced = false;
            for (int i = 0; i < env.size(); i++) {
                if (env.get(i).asText().startsWith(kv[0] + "=")) {
                    env.set(i, entry);
                    replaced = true;
                }
            }
            if (!replaced) {
                env.add(entry);
            }
        }
    }

    /** {@code k=v k2="v 2"} or the legacy {@code k v w} (one pair, the rest is the value). */
    static List<String[]> pairs(String args, String instruction) {
        List<String[]> out = new ArrayList<>();
        if (args.isEmpty()) {
            throw ApiError.badRequest(instruction + " requires at least one argument");
        }
        int firstSpace = indexOfSpace(args);
        String firstWord = firstSpace < 0 ? args : args.substring(0, firstSpace);
        if (!firstWord.contains("=")) {
            if (firstSpace < 0) {
                throw ApiError.badRequest(instruction + " must have two arguments");
            }
            out.add(new String[]{firstWord, unquote(args.substring(firstSpace).strip())});
            return out;
        }
        for (String word : words(args)) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw ApiError.badRequest("Syntax error - can't find = in \"" + word + "\". Must be of the form: name=value");
            }
            out.add(new String[]{word.substring(0, eq), unquote(word.substring(eq + 1))});
        }
        return out;
    }

    /** Splits on spaces outside double or single quotes. */
    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (char c : s.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                current.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                current.append(c);
            } else if (Character.isWhitespace(c)) {
                if (!current.isEmpty()) {
                    out.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            out.add(current.toString());
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static ObjectNode labels(ObjectNode config) {
        return config.has("Labels") && config.get("Labels").isObject() ? (ObjectNode) config.get("Labels")
                : config.putObject("Labels");
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private ImportChanges() {
    }
}
