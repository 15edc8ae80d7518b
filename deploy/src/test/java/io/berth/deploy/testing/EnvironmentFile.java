package io.berth.deploy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the systemd EnvironmentFile templates under {@code deploy/systemd} ({@code BERTH_FLAG=value} lines,
 * {@code #} comments, {@code @NAME@} placeholders an operator fills in), read so the cluster harness can start
 * its launchers from the very lines the multi-host guide ships. A harness may fill placeholders and change the
 * value of a line, never add one: what it runs is what the guide says, with this machine's addresses, ports
 * and paths.
 */
public final class EnvironmentFile {
    private static final Pattern LINE = Pattern.compile("(BERTH_[A-Z0-9_]+)=(.*)");
    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z_]+)@");
    private static final Pattern PORT_AT_END = Pattern.compile(":[0-9]+$");

    private final String name;
    private final Map<String, String> entries;

    private EnvironmentFile(String name, Map<String, String> entries) {
        this.name = name;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** Where the templates are: {@code deploy/systemd}, seen from the module's directory (where Maven runs tests). */
    public static Path directory() {
        return Path.of(System.getProperty("berth.systemd", "systemd"));
    }

    /** Reads {@code deploy/systemd/<fileName>}; any line that is neither a comment nor {@code BERTH_X=v} fails. */
    public static EnvironmentFile read(String fileName) {
        Path file = directory().resolve(fileName);
        Map<String, String> entries = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = LINE.matcher(line);
                // no quotes, no spaces: the subset systemd and a shell read the same way
                if (!m.matches() || m.group(2).matches(".*[\"'\\s\\\\$].*")) {
                    throw new IllegalArgumentException(file + ": not a plain BERTH_NAME=value line: " + line);
                }
                if (entries.put(m.group(1), m.group(2)) != null) {
                    throw new IllegalArgumentException(file + ": " + m.group(1) + " given twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
        return new EnvironmentFile(fileName, entries);
    }

    public String name() {
        return name;
    }

    /** The lines in file order, placeholders as written. */
    public Map<String, String> entries() {
        return entries;
    }

    /** The {@code @NAME@} placeholders still in the values. */
    public Set<String> placeholders() {
        Set<String> found = new TreeSet<>();
        for (String value : entries.values()) {
            Matcher m = PLACEHOLDER.matcher(value);
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    /** Fills every placeholder; naming one the file lacks, or leaving one out, fails. */
    public EnvironmentFile fill(Map<String, String> values) {
        if (!placeholders().equals(new TreeSet<>(values.keySet()))) {
            throw new IllegalArgumentException(name + " has placeholders " + placeholders() + ", given "
                    + new TreeSet<>(values.keySet()));
        }
        Map<String, String> filled = new LinkedHashMap<>();
        entries.forEach((key, value) -> {
            String v = value;
            for (Map.Entry<String, String> e : values.entrySet()) {
                v = v.replace("@" + e.getKey() + "@", e.getValue());
            }
            filled.put(key, v);
        });
        return new EnvironmentFile(name, filled);
    }

    /** The same file with {@code key}'s value changed; a key the file does not have fails (no flag is added). */
    public EnvironmentFile set(String key, Object value) {
        if (!entries.containsKey(key)) {
            throw new IllegalArgumentException(name + " has no " + key + ": a harness only changes the guide's values");
        }
        Map<String, String> changed = new LinkedHashMap<>(entries);
        changed.put(key, String.valueOf(value));
        return new EnvironmentFile(name, changed);
    }

    /** The same file with the {@code :PORT} that ends {@code key}'s value replaced ({@code host:19092}, a URL). */
    public EnvironmentFile withPort(String key, int port) {
        String value = entries.get(key);
        if (value == null || !PORT_AT_END.matcher(value).find()) {
            throw new IllegalArgumentException(name + ": " + key + " has no :PORT at its end: " + value);
        }
        return set(key, PORT_AT_END.matcher(value).replaceFirst(":" + port));
    }

    /** The variables to start a launcher with; fails while a placeholder is left. */
    public Map<String, String> resolved() {
        if (!placeholders().isEmpty()) {
            throw new IllegalStateException(name + ": placeholders left unfilled: " + placeholders());
        }
        return entries;
    }
}
