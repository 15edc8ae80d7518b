package io.berth.deploy.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A burst of {@code docker run -d --name PREFIX-N …} (or {@code docker create}) from several concurrent CLIs, and
 * the count of what became of it: which names were answered with an id, which were not (and what the CLI said),
 * and — against {@code docker ps -a} afterwards — how many answered creates are lost (missing, not in the state
 * they were answered in, or a running one without its cgroup) and how many are duplicated (a name listed twice,
 * or a container on the node that no record lists).
 */
final class CreateBurst {
    private final DockerCli docker;
    private final String prefix;
    private final int size;
    private final List<String> image;
    private final boolean start;
    private final Map<String, String> answered = new ConcurrentHashMap<>(); // name -> id printed by the CLI
    private final Map<String, String> failed = new ConcurrentHashMap<>();   // name -> what the CLI said instead
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final List<Thread> clients = new ArrayList<>();
    private long startedNanos;
    private long endedNanos;

    /** {@code size} creates named {@code prefix-0…}, each {@code docker run -d --name NAME ARGS…}. */
    CreateBurst(DockerCli docker, String prefix, int size, String... args) {
        this(true, docker, prefix, size, args);
    }

    /** {@code size} creates, each {@code docker run -d} ({@code start}) or {@code docker create --name NAME ARGS…}. */
    CreateBurst(boolean start, DockerCli docker, String prefix, int size, String... args) {
        this.start = start;
        this.docker = docker;
        this.prefix = prefix;
        this.size = size;
        this.image = List.of(args);
    }

    /** Starts {@code count} clients, each taking the next name until the burst is used up. */
    CreateBurst start(int count) {
        startedNanos = System.nanoTime();
        for (int c = 0; c < count; c++) {
            Thread client = new Thread(this::serve, prefix + "-client-" + c);
            client.start();
            clients.add(client);
        }
        return this;
    }

    private void serve() {
        for (int i = next.getAndIncrement(); i < size; i = next.getAndIncrement()) {
            String name = prefix + "-" + i;
            List<String> argv = new ArrayList<>(start ? List.of("run", "-d", "--name", name)
                    : List.of("create", "--name", name));
            argv.addAll(image);
            try {
                long sent = System.nanoTime();
                DockerCli.Result r = docker.run(Duration.ofSeconds(180), argv.toArray(String[]::new));
                slowestNanos.accumulateAndGet(System.nanoTime() - sent, Math::max);
                String id = r.stdout().trim();
                if (r.ok() && id.matches("[0-9a-f]{64}")) {
                    answered.put(name, id);
                } else {
                    failed.put(name, r.toString());
                }
            } catch (AssertionError timedOut) {
                failed.put(name, String.valueOf(timedOut.getMessage()));
            }
            done.incrementAndGet();
        }
    }

    /** Waits until {@code n} creates have been answered one way or the other. */
    void awaitDone(int n, Duration timeout) {
        if (!Eventually.holds(timeout, () -> done.get() >= n)) {
            throw new AssertionError(prefix + ": only " + done.get() + " of " + n + " creates answered within "
                    + timeout);
        }
    }

    int done() {
        return done.get();
    }

    /** Waits for every client to finish. */
    void finish(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread client : clients) {
            client.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (client.isAlive()) {
                throw new AssertionError(client.getName() + " still running after " + timeout);
            }
        }
        endedNanos = System.nanoTime();
    }

    Map<String, String> answered() {
        return new TreeMap<>(answered);
    }

    Map<String, String> failed() {
        return new TreeMap<>(failed);
    }

    double seconds() {
        return (endedNanos - startedNanos) / 1e9;
    }

    double slowestSeconds() {
        return slowestNanos.get() / 1e9;
    }

    /** What {@code docker ps -a} and the node say about the burst afterwards. */
    record Tally(int lost, List<String> lostNames, int duplicates, List<String> duplicateNames) {
        @Override
        public String toString() {
            return "lost " + lost + (lostNames.isEmpty() ? "" : " " + lostNames) + ", duplicated " + duplicates
                    + (duplicateNames.isEmpty() ? "" : " " + duplicateNames);
        }
    }

    /**
     * Counts against {@code listed} (name → [id, name, state] rows of {@code ps -a}) and the node's container
     * directories (ids): an answered create is lost unless its id is listed under its name, running with a cgroup
     * (or created, for a burst of {@code docker create});
     * a name of this burst with more than one row is duplicated, and so is a container directory on the node that
     * no listed container owns (a second copy the records do not know).
     */
    Tally tally(Map<String, List<String[]>> listed, List<String> nodeContainerDirs) {
        List<String> lostNames = new ArrayList<>();
        for (var e : answered().entrySet()) {
            List<String[]> rows = listed.getOrDefault(e.getKey(), List.of());
            String state = start ? "running" : "created";
            boolean there = rows.stream().anyMatch(row -> row[0].equals(e.getValue()) && row[2].equals(state))
                    && (!start || !HostTraces.cgroups(e.getValue()).isEmpty());
            if (!there) {
                lostNames.add(e.getKey() + " " + rows.stream().map(r -> String.join(" ", r)).toList());
            }
        }
        List<String> duplicateNames = new ArrayList<>();
        java.util.Set<String> listedIds = new java.util.HashSet<>();
        for (var e : listed.entrySet()) {
            e.getValue().forEach(row -> listedIds.add(row[0]));
            if (e.getKey().startsWith(prefix + "-") && e.getValue().size() > 1) {
                duplicateNames.add(e.getKey() + " listed " + e.getValue().size() + " times");
            }
        }
        nodeContainerDirs.stream().filter(id -> !listedIds.contains(id))
                .forEach(id -> duplicateNames.add("container " + id + " on the node, listed by no record"));
        return new Tally(lostNames.size(), lostNames, duplicateNames.size(), duplicateNames);
    }

    /** name → [full id, name, state] rows of {@code docker ps -a}. */
    static Map<String, List<String[]>> listed(DockerCli cli) {
        DockerCli.Result ps = cli.ok(Duration.ofSeconds(120), "ps", "-a", "--no-trunc", "--format",
                "{{.ID}} {{.Names}} {{.State}}");
        Map<String, List<String[]>> byName = new HashMap<>();
        ps.stdout().lines().filter(l -> !l.isBlank()).map(l -> l.trim().split(" "))
                .forEach(row -> byName.computeIfAbsent(row[1], n -> new ArrayList<>()).add(row));
        return byName;
    }
}
