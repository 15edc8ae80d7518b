package io.berth.agent.lifecycle;

import io.berth.agent.layer.LayerFailure;
import io.berth.agent.net.NetworkRefused;
import io.berth.agent.net.SandboxSpec;
import io.berth.agent.runtime.Console;
import io.berth.agent.runtime.InitBinary;
import io.berth.agent.runtime.RunningContainer;
import io.berth.agent.runtime.RuntimeMount;
import io.berth.agent.runtime.RuntimeFailure;
import io.berth.agent.runtime.RuntimeSpec;
import io.berth.events.command.StartContainer;
import io.berth.events.event.ContainerStarted;
import io.berth.events.spec.ConsoleSize;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.Envelope;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** start: check, run the process, record {@code running}, announce {@code started}, then watch for the exit. */
final class StartVerb {
    private final Node node;

    StartVerb(Node node) {
        this.node = node;
    }

    void run(Envelope envelope, StartContainer command) throws CommandRefused {
        String id = command.containerId();
        awaitPreviousExit(id);
        Transitions.canStart(id, node.phase(id));
        ContainerRecord record = node.record(id).orElseThrow();
        ContainerSpec spec = record.spec();
        List<Path> lowers;
        try {
            // Normally a no-op: create pulled them. It matters when the create ran on an agent that lost its disk.
            lowers = node.disk().prepare(id, spec);
        } catch (LayerFailure e) {
            throw new CommandRefused(500, e.getMessage(), e);
        }
        SandboxSpec network = null;
        if (node.networks() != null) {
            try {
                network = node.networks().attach(record);
            } catch (NetworkRefused e) {
                recordFailure(id, record, new RuntimeFailure(e.getMessage(), 125, e));
                throw new CommandRefused(e.status(), e.getMessage(), e);
            }
        }
        RunningContainer process;
        try {
            process = node.runtime().start(runtimeSpec(id, spec, lowers, network,
                    MountSources.resolve(spec.mounts(), node.disk())));
        } catch (RuntimeFailure e) {
            // a failed first start leaves no lease behind (a restart keeps the address it had)
            if (record.startedAt() == null) {
                node.releaseAddress(id);
            }
            recordFailure(id, record, e);
            int status = e.invalidSpec() || e.exitCode() == 126 || e.exitCode() == 127 ? 400 : 500;
            throw new CommandRefused(status, e.getMessage(), e);
        }
        Instant startedAt = process.startedAt() != null ? process.startedAt() : node.clock().instant();
        JsonCas.update(node.records(), id, ContainerRecord.class,
                r -> r.running(process.pid(), Rfc3339.format(startedAt)));
        node.events().emit(new ContainerStarted(id, node.nodeId(), process.pid()), envelope.id());
        // Watched only after "started" is out, so "died" can never overtake it.
        node.exits().watch(new Tracked(process, node.disk().dir(id), envelope.id()));
    }

    private RuntimeSpec runtimeSpec(String id, ContainerSpec spec, List<Path> lowers, SandboxSpec network,
                                    List<RuntimeMount> mounts) {
        String hostname = spec.hostname() == null || spec.hostname().isEmpty() ? id.substring(0, 12) : spec.hostname();
        return new RuntimeSpec(id, lowers, node.disk().dir(id), spec.argv(), spec.env(), spec.workingDir(), hostname,
                spec.user(), spec.resources(), spec.security(), console(spec), network,
                spec.init() ? InitBinary.DEFAULT : null, mounts);
    }

    /** The container's stdio; a tty starts at the size the client asked for at create, if it gave one. */
    private static Console console(ContainerSpec spec) {
        ConsoleSize size = spec.consoleSize();
        return size == null ? new Console(spec.tty(), spec.openStdin())
                : new Console(spec.tty(), spec.openStdin(), size.height(), size.width());
    }

    private void recordFailure(String id, ContainerRecord before, RuntimeFailure failure) {
        boolean ranBefore = before.startedAt() != null;
        String now = Rfc3339.format(node.clock().instant());
        JsonCas.update(node.records(), id, ContainerRecord.class, r -> ranBefore
                ? r.exited(failure.exitCode(), false, now).withError(failure.getMessage())
                : r.withError(failure.getMessage()));
    }

    // A process that just exited stays tracked until its died event is out; a restart must come after that.
    private void awaitPreviousExit(String id) throws CommandRefused {
        var previous = node.table().get(id).filter(Tracked::exited);
        if (previous.isEmpty()) {
            return;
        }
        try {
            previous.get().settled().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new CommandRefused(500, "container " + id + ": its last exit is still being recorded", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandRefused(500, "interrupted while starting container " + id, e);
        }
    }
}
