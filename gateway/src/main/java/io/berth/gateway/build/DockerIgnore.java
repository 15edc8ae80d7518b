package io.berth.gateway.build;

import io.berth.events.path.LexicalPath;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore}: patterns ({@code *}, {@code ?}, {@code **}, {@code [..]}) matched against paths of the
 * context, {@code !} re-includes, the last matching line wins, and a pattern that matches a directory excludes
 * everything under it. Pure.
 */
public final class DockerIgnore {
    private record Rule(Pattern pattern, boolean exclude) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exclude = true;
            if (line.startsWith("!")) {
                exclude = false;
                line = line.substring(1).strip();
            }
            String clean = LexicalPath.clean(line);
            if (clean.isEmpty()) {
                continue;
            }
            rules.add(new Rule(Pattern.compile(regex(clean)), exclude));
        }
        return new DockerIgnore(rules);
    }

    /** Whether the context path {@code path} (relative, '/'-separated) is left out. */
    public boolean excludes(String path) {
        String clean = LexicalPath.clean(path);
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matches(rule.pattern(), clean)) {
                excluded = rule.exclude();
            }
        }
        return excluded;
    }

    /** The path or one of its parents matches. */
    private static boolean matches(Pattern pattern, String path) {
        String p = path;
        while (true) {
            if (pattern.matcher(p).matches()) {
                return true;
            }
            int slash = p.lastIndexOf('/');
            if (slash < 0) {
                return false;
            }
            p = p.substring(0, slash);
        }
    }

    static String regex(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                        i++;
                        re.append("(?:.*/)?");
                    } else {
                        re.append(".*");
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                int end = pattern.indexOf(']', i + 1);
                if (end < 0) {
                    re.append("\\[");
                } else {
                    String set = pattern.substring(i + 1, end);
                    if (set.startsWith("^") || set.startsWith("!")) {
                        set = "^" + set.substring(1);
                    }
                    re.append('[').append(set.replace("\\", "\\\\")).append(']');
                    i = end;
                }
            } else if (c == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
