package io.berth.agent.runtime;

/** The monitor's one line to the agent: {@code ok <pid>} or {@code error <exit code> <message>}. */
record Handshake(long pid, int exitCode, String message) {

    boolean ok() {
        return pid > 0;
    }

    static Handshake parse(String line) {
        if (line == null) {
            return new Handshake(0, 125, "container monitor exited without a handshake");
        }
        String[] parts = line.strip().split(" ", 3);
        try {
            if (parts[0].equals("ok") && parts.length == 2) {
                return new Handshake(Long.parseLong(parts[1]), 0, "");
            }
            if (parts[0].equals("error") && parts.length >= 2) {
                return new Handshake(0, Integer.parseInt(parts[1]), parts.length == 3 ? parts[2] : "unknown error");
            }
        } catch (NumberFormatException e) {
            // fall through: garbled
        }
        return new Handshake(0, 125, "garbled handshake from container monitor: " + line);
    }
}
