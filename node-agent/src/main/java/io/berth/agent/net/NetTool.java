package io.berth.agent.net;

import java.util.List;

/**
 * The one door to the host's network stack: runs {@code ip} and {@code nft} with the given arguments. Every
 * bridge, veth, namespace and rule the agent makes goes through here, so a recording fake sees them all.
 */
public interface NetTool {

    /** Runs {@code argv} ({@code ip …}, {@code nft …}) and returns its stdout; a non-zero exit throws. */
    String run(List<String> argv) throws NetFailure;

    /**
     * Runs the commands in order and stops at the first that fails. The real tool runs consecutive {@code ip}
     * commands with the same namespace option as one {@code ip -batch} process: one fork instead of one each.
     */
    default void runAll(List<List<String>> argvs) throws NetFailure {
        for (List<String> argv : argvs) {
            run(argv);
        }
    }

    /** Runs {@code nft -f -} with {@code script} on stdin: one atomic transaction. */
    void nft(String script) throws NetFailure;
}
