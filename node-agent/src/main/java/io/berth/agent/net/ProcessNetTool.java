package io.berth.agent.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@link NetTool} over the real {@code ip} (iproute2) and {@code nft} (nftables) binaries; {@code ip link del} and
 * {@code ip netns del} without a process ({@link NativeDeletes}).
 */
public final class ProcessNetTool implements NetTool {
    /** ip and nft answer in milliseconds; this only catches a wedged one. */
    private static final long TIMEOUT_S = 20;
    /**
     * Reads the commands' stdout and stderr. Not the common pool: on a 2-core host it has one thread, so one
     * stream waited for the other, and anything else queued there (or a wedged reader) held every command up.
     */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "berth-net-tool-reader");
        t.setDaemon(true);
        return t;
    });

    @Override
    public String run(List<String> argv) throws NetFailure {
        if (NativeDeletes.handles(argv)) {
            NativeDeletes.run(argv);
            return "";
        }
        return exec(argv, null);
    }

    @Override
    public void runAll(List<List<String>> argvs) throws NetFailure {
        // deletions of a link or a namespace run in the agent (NativeDeletes); the rest in ip -batch processes
        List<List<String>> pending = new ArrayList<>();
        for (List<String> argv : argvs) {
            if (NativeDeletes.handles(argv)) {
                runBatches(pending);
                pending.clear();
                NativeDeletes.run(argv);
            } else {
                pending.add(argv);
            }
        }
        runBatches(pending);
    }

    private void runBatches(List<List<String>> argvs) throws NetFailure {
        for (IpBatches.Run run : IpBatches.of(argvs)) {
            if (run.stdin() == null) {
                exec(run.argv(), null);
                continue;
            }
            try {
                exec(run.argv(), run.stdin());
            } catch (NetFailure e) {
                throw IpBatches.failedLine(run, e);
            }
        }
    }

    @Override
    public void nft(String script) throws NetFailure {
        exec(List.of("nft", "-f", "-"), script);
    }

    private static String exec(List<String> argv, String stdin) throws NetFailure {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(argv)).start();
            CompletableFuture<String> err = drain(p.getErrorStream());
            CompletableFuture<String> out = drain(p.getInputStream());
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new NetFailure(argv, "timed out after " + TIMEOUT_S + " s");
            }
            if (p.exitValue() != 0) {
                throw new NetFailure(argv, err.get() + (stdin == null ? "" : "\nscript:\n" + stdin));
            }
            return out.get();
        } catch (IOException e) {
            throw new NetFailure(argv, e.getMessage());
        } catch (ExecutionException e) {
            throw new NetFailure(argv, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetFailure(argv, "interrupted");
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.getMessage();
            }
        }, READERS);
    }
}
