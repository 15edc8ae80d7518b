package io.berth.agent.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups {@code ip} commands into {@code ip [-n NS] -batch -} runs: consecutive commands with the same namespace
 * option share one process, whose stdin holds one command per line. Anything else ({@code sysctl}, an argument
 * that {@code ip}'s line splitting would change) runs alone. Pure.
 */
final class IpBatches {

    /** One process: its argv, and the lines for its stdin (null: no stdin, {@code argv} is the command itself). */
    record Run(List<String> argv, String stdin) {
    }

    static List<Run> of(List<List<String>> argvs) {
        List<Run> runs = new ArrayList<>();
        List<String> prefix = null;
        StringBuilder lines = null;
        for (List<String> argv : argvs) {
            List<String> p = batchable(argv) ? prefix(argv) : null;
            if (p == null || !p.equals(prefix)) {
                flush(runs, prefix, lines);
                prefix = null;
                lines = null;
            }
            if (p == null) {
                runs.add(new Run(List.copyOf(argv), null));
                continue;
            }
            if (lines == null) {
                prefix = p;
                lines = new StringBuilder();
            }
            lines.append(String.join(" ", argv.subList(p.size(), argv.size()))).append('\n');
        }
        flush(runs, prefix, lines);
        return runs;
    }

    /**
     * A failed batch as the command that failed: {@code ip} names the line ({@code Command failed -:N}), so the
     * error reads as that command's did when each ran alone, without the batch's other lines.
     */
    static NetFailure failedLine(Run run, NetFailure failure) {
        String message = failure.getMessage();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Command failed -:(\\d+)").matcher(message);
        String[] lines = run.stdin().split("\n");
        if (!m.find()) {
            return failure;
        }
        int n = Integer.parseInt(m.group(1));
        if (n < 1 || n > lines.length) {
            return failure;
        }
        List<String> argv = new ArrayList<>(run.argv().subList(0, run.argv().size() - 2));
        argv.addAll(List.of(lines[n - 1].split(" ")));
        String stderr = message.substring(message.indexOf(": ") + 2, m.start()).strip();
        return new NetFailure(argv, stderr);
    }

    private static void flush(List<Run> runs, List<String> prefix, StringBuilder lines) {
        if (lines == null) {
            return;
        }
        List<String> argv = new ArrayList<>(prefix);
        argv.add("-batch");
        argv.add("-");
        runs.add(new Run(List.copyOf(argv), lines.toString()));
    }

    /** {@code ip} or {@code ip -n NS}: what every line of the batch shares. */
    private static List<String> prefix(List<String> argv) {
        return argv.size() > 3 && argv.get(1).equals("-n") ? argv.subList(0, 3) : argv.subList(0, 1);
    }

    /** An {@code ip} command whose words read back the same from a batch line (no blanks, quotes, comments). */
    private static boolean batchable(List<String> argv) {
        if (argv.size() < 2 || !argv.get(0).equals("ip") || argv.get(1).startsWith("-") && !argv.get(1).equals("-n")) {
            return false;
        }
        for (String a : argv) {
            if (a.isEmpty() || a.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\\' || c == '#'
                    || c == '\'')) {
                return false;
            }
        }
        return true;
    }

    private IpBatches() {
    }
}
