package io.berth.gateway.build;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.gateway.http.ApiError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile's text into instructions, as the classic builder reads it: parser directives at the top
 * ({@code # escape=`}; {@code # syntax} is ignored), comments, blank lines, line continuations (comment and blank
 * lines inside one are skipped), flags, exec (JSON) or shell form. Variables are substituted later, per step.
 * Bad input is a 400 with dockerd's {@code dockerfile parse error line N: …}. Pure.
 */
public final class DockerfileParser {
    private static final Pattern DIRECTIVE = Pattern.compile("^#[ \\t]*([a-zA-Z][a-zA-Z0-9]*)[ \\t]*=[ \\t]*(.+?)[ \\t]*$");
    private static final Set<String> KNOWN = Set.of("from", "run", "cmd", "label", "maintainer", "expose", "env",
            "add", "copy", "entrypoint", "volume", "user", "workdir", "arg", "onbuild", "stopsignal", "healthcheck",
            "shell");
    private static final Set<String> JSON_FORM = Set.of("run", "cmd", "entrypoint", "shell", "volume", "copy", "add");
    private static final Map<String, Set<String>> FLAGS = Map.of(
            "from", Set.of("platform"),
            "copy", Set.of("from", "chown", "chmod"),
            "add", Set.of("chown", "chmod"),
            "healthcheck", Set.of("interval", "timeout", "start-period", "retries"));

    /** The instructions of {@code text}, each checked for its arguments. */
    public static List<Instruction> parse(String text) {
        String[] lines = text.split("\r?\n", -1);
        char escape = directives(lines);
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
                line = line.stripLeading();
            }
            String trailing = line.stripTrailing();
            if (!trailing.isEmpty() && trailing.charAt(trailing.length() - 1) == escape) {
                current.append(trailing, 0, trailing.length() - 1);
                continue;
            }
            current.append(line);
            out.add(instruction(start, current.toString().strip(), escape));
            current = null;
        }
        if (current != null && !current.toString().isBlank()) {
            out.add(instruction(start, current.toString().strip(), escape));
        }
        return out;
    }

    /** The escape character the directives choose ({@code \} by default). */
    static char directives(String[] lines) {
        char escape = '\\';
        for (String line : lines) {
            Matcher m = DIRECTIVE.matcher(line);
            if (!m.matches()) {
                break;
            }
            if (m.group(1).equalsIgnoreCase("escape")) {
                String value = m.group(2);
                if (!value.equals("`") && !value.equals("\\")) {
                    throw ApiError.badRequest("dockerfile parse error line 1: invalid ESCAPE '" + value
                            + "'. Must be ` or \\");
                }
                escape = value.charAt(0);
            }
        }
        return escape;
    }

    /** The escape character of {@code text}, for steps that split words later. */
    public static char escapeOf(String text) {
        return directives(text.split("\r?\n", -1));
    }

    private static Instruction instruction(int line, String text, char escape) {
        String[] split = text.split("\\s+", 2);
        String written = split[0];
        String keyword = written.toLowerCase(Locale.ROOT);
        if (!KNOWN.contains(keyword)) {
            throw error(line, "unknown instruction: " + written);
        }
        String rest = split.length > 1 ? split[1].strip() : "";
        Map<String, String> flags = new LinkedHashMap<>();
        while (rest.startsWith("--")) {
            String[] f = rest.split("\\s+", 2);
            String flag = f[0].substring(2);
            int eq = flag.indexOf('=');
            String name = eq < 0 ? flag : flag.substring(0, eq);
            String value = eq < 0 ? "" : flag.substring(eq + 1);
            if (!FLAGS.getOrDefault(keyword, Set.of()).contains(name)) {
                throw error(line, "Unknown flag: " + name);
            }
            flags.put(name, value);
            rest = f.length > 1 ? f[1].strip() : "";
        }
        List<String> json = JSON_FORM.contains(keyword) ? json(rest) : null;
        Instruction parsed = new Instruction(line, keyword, text, rest, flags, json);
        check(parsed, escape);
        return parsed;
    }

    /** The exec-form array, or null when the text is not a JSON array of strings (then it is shell form). */
    static List<String> json(String rest) {
        if (!rest.startsWith("[")) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(rest);
            if (node == null || !node.isArray()) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (JsonNode n : node) {
                if (!n.isTextual()) {
                    return null;
                }
                out.add(n.asText());
            }
            return out;
        } catch (Exception e) {
            return null;
        }
    }

    private static void check(Instruction i, char escape) {
        String name = i.keyword().toUpperCase(Locale.ROOT);
        boolean empty = i.json() == null ? i.args().isEmpty() : i.json().isEmpty();
        switch (i.keyword()) {
            case "from" -> {
                int n = ShellWords.split(i.args(), escape).size();
                if (n != 1 && !(n == 3 && ShellWords.split(i.args(), escape).get(1).equalsIgnoreCase("as"))) {
                    throw error(i.line(), "FROM requires either one or three arguments");
                }
            }
            case "user", "workdir", "stopsignal", "maintainer" -> {
                if (empty) {
                    throw error(i.line(), name + " requires exactly one argument");
                }
            }
            case "env" -> {
                if (empty) {
                    throw error(i.line(), "ENV requires at least one argument");
                }
                List<String> words = ShellWords.split(i.args(), escape);
                if (!words.get(0).contains("=") && words.size() < 2) {
                    throw error(i.line(), "ENV must have two arguments");
                }
            }
            case "copy", "add" -> {
                int n = i.json() != null ? i.json().size() : ShellWords.split(i.args(), escape).size();
                if (n < 2) {
                    throw error(i.line(), name + " requires at least two arguments, but only one was provided."
                            + " Destination could not be determined.");
                }
            }
            case "onbuild" -> {
                if (empty) {
                    throw error(i.line(), "ONBUILD requires at least one argument");
                }
                String trigger = i.args().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
                if (trigger.equals("onbuild")) {
                    throw error(i.line(), "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
                }
                if (trigger.equals("from") || trigger.equals("maintainer")) {
                    throw error(i.line(), trigger.toUpperCase(Locale.ROOT) + " isn't allowed as an ONBUILD trigger");
                }
                if (!KNOWN.contains(trigger)) {
                    throw error(i.line(), "unknown instruction: " + i.args().split("\\s+", 2)[0]);
                }
            }
            case "healthcheck" -> {
                if (empty) {
                    throw error(i.line(), "HEALTHCHECK requires at least one argument");
                }
                String type = i.args().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
                if (!type.equals("CMD") && !type.equals("NONE")) {
                    throw error(i.line(), "Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
                }
            }
            case "shell" -> {
                if (i.json() == null) {
                    throw error(i.line(), "SHELL requires the arguments to be in JSON form");
                }
                if (i.json().isEmpty()) {
                    throw error(i.line(), "SHELL requires at least one argument");
                }
            }
            default -> {
                if (empty) {
                    throw error(i.line(), name + " requires at least one argument");
                }
            }
        }
    }

    static ApiError error(int line, String message) {
        return ApiError.badRequest("dockerfile parse error line " + line + ": " + message);
    }

    private DockerfileParser() {
    }
}
