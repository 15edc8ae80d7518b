package io.berth.agent.net;

import java.util.List;

/** An {@code ip} or {@code nft} command that failed: the command and what it printed on stderr. */
public final class NetFailure extends Exception {
    private final String stderr;

    public NetFailure(List<String> argv, String stderr) {
        super(String.join(" ", argv) + ": " + stderr.strip());
        this.stderr = stderr;
    }

    /** Whether it failed only because the thing to delete is already gone. */
    public boolean absent() {
        return stderr.contains("Cannot find device") || stderr.contains("No such file or directory")
                || stderr.contains("does not exist");
    }
}
