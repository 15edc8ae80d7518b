package io.berth.agent.lifecycle;

import io.berth.agent.NodePaths;
import io.berth.agent.runtime.RunningContainer;
import io.berth.events.ContainerState;
import io.berth.events.event.ContainerDied;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * On agent start: re-attaches to every container whose monitor outlived the previous agent. One that exited
 * meanwhile is announced by the exit watch at once; one whose record says running but whose monitor left no
 * trace is recorded as exited, so the cluster never believes in a process nobody watches.
 */
public final class Adoption {
    private static final Logger LOG = Logger.getLogger(Adoption.class.getName());

    private static final long PROGRESS_NANOS = 5_000_000_000L;

    private final Node node;
    private final NodePaths paths;

    public Adoption(Node node, NodePaths paths) {
        this.node = node;
        this.paths = paths;
    }

    /** Adopts what {@code containers/} holds; returns the ids now watched. Blocking; logs its progress. */
    public List<String> run() throws IOException {
        List<String> adopted = new ArrayList<>();
        List<Path> found;
        try (Stream<Path> dirs = Files.list(paths.containers())) {
            found = dirs.filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        if (found.isEmpty()) {
            return adopted;
        }
        LOG.info("node " + node.nodeId() + ": adopting the containers of " + found.size() + " director(ies) under "
                + paths.containers());
        long t0 = System.nanoTime();
        long lastReport = t0;
        int exitedMeanwhile = 0;
        int neverStarted = 0;
        for (Path dir : found) {
            String id = dir.getFileName().toString();
            Optional<RunningContainer> process = node.runtime().adopt(id, dir);
            if (process.isPresent()) {
                exitedMeanwhile += process.get().exit().isDone() ? 1 : 0;
                adopt(process.get(), dir);
                adopted.add(id);
            } else {
                neverStarted++;
                forgetLost(id);
            }
            if (System.nanoTime() - lastReport > PROGRESS_NANOS) {
                lastReport = System.nanoTime();
                LOG.info("node " + node.nodeId() + ": adoption " + (adopted.size() + neverStarted) + "/"
                        + found.size());
            }
        }
        LOG.info("node " + node.nodeId() + ": adopted " + adopted.size() + " container(s) in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms (" + exitedMeanwhile + " exited while the agent was away,"
                + " their exits announced now); " + neverStarted + " without a started monitor (created, or stopped)");
        return adopted;
    }

    private void adopt(RunningContainer process, Path dir) {
        String id = process.containerId();
        if (!process.exit().isDone()) {
            var startedAt = process.startedAt() != null ? process.startedAt() : node.clock().instant();
            // The previous agent may have died between spawning and recording it.
            JsonCas.update(node.records(), id, ContainerRecord.class, r -> r.status() == ContainerState.RUNNING
                    || r.status() == ContainerState.PAUSED || !here(r) ? null : r.running(process.pid(), Rfc3339.format(startedAt)));
        }
        LOG.info("adopted container " + id + " (pid " + process.pid() + ")");
        node.exits().watch(new Tracked(process, dir, null));
    }

    private void forgetLost(String id) {
        Optional<ContainerRecord> record = node.record(id);
        if (record.isEmpty() || record.get().status() != ContainerState.RUNNING || !here(record.get())) {
            return;
        }
        String now = Rfc3339.format(node.clock().instant());
        String why = "container state lost while the node agent was down";
        JsonCas.update(node.records(), id, ContainerRecord.class, r -> r.status() != ContainerState.RUNNING ? null
                : r.exited(ExitWatch.UNKNOWN_EXIT, false, now).withError(why));
        node.events().emit(new ContainerDied(id, node.nodeId(), ExitWatch.UNKNOWN_EXIT, false, why), null);
    }

    // a container placed on another node meanwhile is a stale copy here: StaleCopies discards it
    private boolean here(ContainerRecord r) {
        return r.nodeId() == null || node.nodeId().equals(r.nodeId());
    }
}
