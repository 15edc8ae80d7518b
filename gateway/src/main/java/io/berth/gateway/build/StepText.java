package io.berth.gateway.build;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The {@code created_by} lines dockerd's classic builder writes into an image's history. Pure. */
public final class StepText {
    static final String NOP = "/bin/sh -c #(nop) ";

    /** A metadata step: two spaces after {@code #(nop)}. */
    public static String metadata(String text) {
        return NOP + " " + text;
    }

    /** COPY/ADD: {@code COPY file:<sha> in /dst } (trailing space), flags first. */
    public static String copy(String command, String flags, String hash, String dest) {
        return NOP + command + " " + flags + hash + " in " + dest + " ";
    }

    public static String workdir(String path) {
        return NOP + "WORKDIR " + path;
    }

    /** RUN: the command, prefixed by {@code |n K=V …} when build args are in scope. */
    public static String run(List<String> args, List<String> cmd) {
        String command = String.join(" ", cmd);
        return args.isEmpty() ? command : "|" + args.size() + " " + String.join(" ", args) + " " + command;
    }

    /** Go's {@code %q} of a string slice: {@code ["a" "b"]}. */
    public static String quoted(List<String> items) {
        return items.stream().map(StepText::goQuote).collect(Collectors.joining(" ", "[", "]"));
    }

    /** Go's {@code %v} of a string slice: {@code [a b]}. */
    public static String plain(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }

    /** Go's {@code %v} of a set of ports: {@code map[80/tcp:{} 9090/udp:{}]}, keys sorted. */
    public static String portMap(Iterable<String> ports) {
        TreeMap<String, String> sorted = new TreeMap<>();
        ports.forEach(p -> sorted.put(p, "{}"));
        return sorted.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(" ", "map[", "]"));
    }

    /** {@code k=v k2=v2} as dockerd writes ENV and LABEL steps. */
    public static String pairs(Map<String, String> pairs) {
        return pairs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    static String goQuote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Go's {@code time.Duration.String()} for whole nanoseconds. */
    public static String goDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long seconds = nanos / 1_000_000_000L;
        long frac = nanos % 1_000_000_000L;
        if (seconds >= 3600) {
            out.append(seconds / 3600).append('h');
            seconds %= 3600;
            out.append(seconds / 60).append('m');
            seconds %= 60;
        } else if (seconds >= 60) {
            out.append(seconds / 60).append('m');
            seconds %= 60;
        }
        out.append(seconds);
        if (frac != 0) {
            String f = String.format("%09d", frac).replaceAll("0+$", "");
            out.append('.').append(f);
        }
        return out.append('s').toString();
    }

    private StepText() {
    }
}
