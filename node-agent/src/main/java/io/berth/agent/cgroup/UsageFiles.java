package io.berth.agent.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsers for the accounting files both cgroup versions share the formats of; a missing file reads as empty. */
final class UsageFiles {

    /** A single number ({@code cpuacct.usage}), or {@code fallback} when missing or {@code max}. */
    static long number(Path file, long fallback) {
        String text = text(file).strip();
        if (text.isEmpty() || text.equals("max")) {
            return fallback;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A flat-keyed "name value" file ({@code memory.stat}, {@code cpu.stat}, {@code cpuacct.stat}). */
    static Map<String, Long> flat(Path file) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : text(file).split("\n")) {
            String[] kv = line.strip().split("\\s+");
            if (kv.length == 2) {
                try {
                    out.put(kv[0], Long.parseLong(kv[1]));
                } catch (NumberFormatException e) {
                    // not a counter
                }
            }
        }
        return out;
    }

    /** Space-separated numbers on one line ({@code cpuacct.usage_percpu}). */
    static List<Long> numbers(Path file) {
        List<Long> out = new ArrayList<>();
        for (String word : text(file).strip().split("\\s+")) {
            if (!word.isEmpty()) {
                out.add(Long.parseLong(word));
            }
        }
        return out;
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private UsageFiles() {
    }
}
