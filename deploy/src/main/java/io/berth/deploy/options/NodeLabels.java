package io.berth.deploy.options;

import java.util.Map;
import java.util.TreeMap;

/** Reads {@code --node-label KEY=VALUE} values (joined with commas when repeated) into a node's labels. */
final class NodeLabels {
    private NodeLabels() {
    }

    static Map<String, String> parse(String joined) {
        Map<String, String> labels = new TreeMap<>();
        for (String pair : joined.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? "" : pair.substring(0, eq).trim();
            if (!key.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new BadOptionException("--node-label: expected KEY=VALUE with KEY of [A-Za-z0-9_.-], got '"
                        + pair.trim() + "'");
            }
            if (labels.put(key, pair.substring(eq + 1).trim()) != null) {
                throw new BadOptionException("--node-label: " + key + " given twice");
            }
        }
        return labels;
    }
}
