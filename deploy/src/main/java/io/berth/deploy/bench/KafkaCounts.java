package io.berth.deploy.bench;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

/**
 * What this JVM's Kafka clients sent between two points, read from their own metrics (JMX): per producer the
 * produce requests and the records in them, per consumer the offset commits and fetches. Counts, not times, so a
 * change to batching or commits shows on a busy machine where the rates are noise.
 */
final class KafkaCounts {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    private final Map<String, Double> start;

    KafkaCounts() {
        start = read();
    }

    private static Map<String, Double> read() {
        Map<String, Double> out = new TreeMap<>();
        add(out, "kafka.producer:type=producer-metrics,client-id=*", "request-total", "requests");
        add(out, "kafka.producer:type=producer-metrics,client-id=*", "record-send-total", "records");
        add(out, "kafka.consumer:type=consumer-coordinator-metrics,client-id=*", "commit-total", "commits");
        add(out, "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*", "fetch-total", "fetches");
        return out;
    }

    private static void add(Map<String, Double> out, String pattern, String attribute, String what) {
        try {
            for (ObjectName name : JMX.queryNames(new ObjectName(pattern), null)) {
                Object value = JMX.getAttribute(name, attribute);
                if (value instanceof Number n) {
                    out.put(name.getKeyProperty("client-id") + " " + what, n.doubleValue());
                }
            }
        } catch (Exception e) {
            out.put("(" + what + " unreadable: " + e.getMessage() + ")", 0.0);
        }
    }

    /** One line per client that did something since this was made: its requests, records, commits, fetches. */
    String since() {
        Map<String, Double> now = read();
        Map<String, StringBuilder> lines = new TreeMap<>();
        now.forEach((key, value) -> {
            long delta = Math.round(value - start.getOrDefault(key, 0.0));
            if (delta > 0) {
                int space = key.lastIndexOf(' ');
                lines.computeIfAbsent(key.substring(0, space), k -> new StringBuilder()).append(' ')
                        .append(key.substring(space + 1)).append(' ').append(delta);
            }
        });
        StringBuilder out = new StringBuilder("  Kafka clients during the burst:");
        lines.forEach((client, counts) -> out.append("\n    ").append(client).append(':').append(counts));
        return out.toString();
    }
}
