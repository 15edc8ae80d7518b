package io.berth.deploy;

import io.berth.deploy.options.BadOptionException;
import io.berth.deploy.options.LaunchOptions;
import io.berth.deploy.options.OptionParser;
import io.berth.deploy.platform.AllInOne;
import io.berth.deploy.platform.StageFailedException;
import io.berth.deploy.platform.StageSequence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import sun.misc.Signal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** The launcher process (all-in-one, control plane or node agent): resolves its options, brings every stage up in order and takes them down on a signal. */
public final class Launcher {
    private static final Logger LOG = LoggerFactory.getLogger("berth");
    /** Exit status for a flag or variable the launcher cannot accept. */
    public static final int BAD_USAGE = 2;
    /** Exit status when the platform could not come up. */
    public static final int START_FAILED = 1;

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        if (OptionParser.wantsHelp(args)) {
            System.out.print(OptionParser.usage());
            return;
        }
        LaunchOptions options;
        try {
            options = new OptionParser(System.getenv(), Launcher::hostName).parse(args);
        } catch (BadOptionException e) {
            System.err.println("berth: " + e.getMessage());
            System.exit(BAD_USAGE);
            return;
        }
        System.exit(run(options));
    }

    /** Runs until SIGTERM or SIGINT; returns the exit status. */
    static int run(LaunchOptions options) {
        AllInOne platform = new AllInOne(options);
        StageSequence sequence = new StageSequence(Duration.ofSeconds(120), Duration.ofSeconds(30));
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean signalled = new AtomicBoolean();
        // The hook covers any exit (System.exit elsewhere, a fatal Kafka fault); the signal handlers below let a
        // SIGTERM end in status 0 instead of the JVM's 143.
        Runtime.getRuntime().addShutdownHook(new Thread(sequence::stop, "berth-shutdown"));
        Runnable stopAndRelease = () -> {
            signalled.set(true);
            LOG.info("stopping");
            sequence.stop();
            stopped.countDown();
        };
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> new Thread(stopAndRelease, "berth-signal-" + signal).start());
        }
        LOG.info("starting role {} of node {} with data root {}", options.role(), options.nodeId(), options.dataRoot());
        try {
            sequence.start(platform.stages());
        } catch (StageFailedException e) {
            if (signalled.get()) {
                awaitQuietly(stopped);
                System.out.println("berth: stopped during startup, at " + e.stage());
                return 0;
            }
            LOG.error("cannot start: {}", e.getMessage(), e.getCause());
            System.err.println("berth: cannot start: " + e.getMessage());
            return START_FAILED;
        }
        System.out.println(platform.readyLine());
        System.out.flush();
        awaitQuietly(stopped);
        System.out.println("berth: stopped");
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private Launcher() {
    }
}
