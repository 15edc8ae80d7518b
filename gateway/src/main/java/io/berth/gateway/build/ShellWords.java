package io.berth.gateway.build;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The builder's small shell lexer: quotes ({@code '…'}, {@code "…"}), the escape character, and variable
 * substitution ({@code $V}, {@code ${V}}, {@code ${V:-word}}, {@code ${V:+word}}, {@code ${V-word}},
 * {@code ${V+word}}) for the instructions dockerd substitutes in (FROM, COPY, ADD, ENV, LABEL, EXPOSE, VOLUME,
 * USER, WORKDIR, STOPSIGNAL, ARG). An unset variable is empty; a substituted value is never split again. Pure.
 */
public final class ShellWords {
    private final String text;
    private final char escape;
    private final Function<String, String> lookup;
    private int pos;

    private ShellWords(String text, char escape, Function<String, String> lookup) {
        this.text = text;
        this.escape = escape;
        this.lookup = lookup;
    }

    /** The words of {@code text}, quotes removed, nothing substituted. */
    public static List<String> split(String text, char escape) {
        return words(text, escape, null);
    }

    /** The words of {@code text} with variables from {@code lookup} (null: leave {@code $} as written). */
    public static List<String> words(String text, char escape, Function<String, String> lookup) {
        return new ShellWords(text, escape, lookup).run(true);
    }

    /** {@code text} as one word: quotes removed, variables substituted, spaces kept. */
    public static String word(String text, char escape, Function<String, String> lookup) {
        List<String> out = new ShellWords(text, escape, lookup).run(false);
        return out.isEmpty() ? "" : out.get(0);
    }

    private List<String> run(boolean split) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (split && Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                pos++;
                continue;
            }
            inWord = true;
            if (c == '\'') {
                int end = text.indexOf('\'', pos + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unexpected end of statement while looking for matching single-quote");
                }
                word.append(text, pos + 1, end);
                pos = end + 1;
            } else if (c == '"') {
                pos++;
                doubleQuoted(word);
            } else if (c == escape) {
                pos++;
                if (pos < text.length()) {
                    word.append(text.charAt(pos++));
                }
            } else if (c == '$') {
                word.append(dollar());
            } else {
                word.append(c);
                pos++;
            }
        }
        if (inWord || !split) {
            words.add(word.toString());
        }
        return words;
    }

    private void doubleQuoted(StringBuilder word) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == escape && pos + 1 < text.length()) {
                char next = text.charAt(pos + 1);
                if (next == '"' || next == '$' || next == escape || next == '`' || next == '\\') {
                    word.append(next);
                    pos += 2;
                    continue;
                }
                word.append(c);
                pos++;
            } else if (c == '$') {
                word.append(dollar());
            } else {
                word.append(c);
                pos++;
            }
        }
        throw new IllegalArgumentException("unexpected end of statement while looking for matching double-quote");
    }

    /** At a {@code $}: the substituted value, or the {@code $…} text itself when nothing is looked up. */
    private String dollar() {
        int start = pos;
        pos++;
        if (pos >= text.length()) {
            return "$";
        }
        char c = text.charAt(pos);
        if (c == '{') {
            int end = closing(pos + 1);
            String inner = text.substring(pos + 1, end);
            pos = end + 1;
            if (lookup == null) {
                return text.substring(start, pos);
            }
            return braced(inner);
        }
        int end = pos;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        if (end == pos) {
            return "$";
        }
        String name = text.substring(pos, end);
        pos = end;
        if (lookup == null) {
            return "$" + name;
        }
        String value = lookup.apply(name);
        return value == null ? "" : value;
    }

    private int closing(int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == '{') {
                depth++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("missing '}'");
    }

    private String braced(String inner) {
        int i = 0;
        while (i < inner.length() && (Character.isLetterOrDigit(inner.charAt(i)) || inner.charAt(i) == '_')) {
            i++;
        }
        String name = inner.substring(0, i);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("bad substitution: ${" + inner + "}");
        }
        String value = lookup.apply(name);
        if (i == inner.length()) {
            return value == null ? "" : value;
        }
        boolean colon = inner.charAt(i) == ':';
        int op = colon ? i + 1 : i;
        if (op >= inner.length()) {
            throw new IllegalArgumentException("bad substitution: ${" + inner + "}");
        }
        char kind = inner.charAt(op);
        String word = word(inner.substring(op + 1), escape, lookup);
        boolean set = value != null && (!colon || !value.isEmpty());
        return switch (kind) {
            case '-' -> set ? value : word;
            case '+' -> set ? word : "";
            case '?' -> {
                if (!set) {
                    throw new IllegalArgumentException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                yield value;
            }
            default -> throw new IllegalArgumentException("unsupported modifier (" + kind + ") in substitution");
        };
    }
}
