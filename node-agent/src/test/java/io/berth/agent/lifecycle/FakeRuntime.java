package io.berth.agent.lifecycle;

import io.berth.events.spec.Signals;
import io.berth.agent.runtime.ContainerRuntime;
import io.berth.agent.runtime.ExitStatus;
import io.berth.agent.runtime.RunningContainer;
import io.berth.agent.runtime.RuntimeFailure;
import io.berth.agent.runtime.RuntimeSpec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A scriptable runtime: processes are futures, signals are recorded, lethal ones end the process. */
final class FakeRuntime implements ContainerRuntime {
    /** One process; {@link #exitWith} ends it as the monitor would. */
    static final class Process implements RunningContainer {
        final String id;
        final long pid;
        final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();

        Process(String id, long pid) {
            this.id = id;
            this.pid = pid;
        }

        void exitWith(int code) {
            exit.complete(new ExitStatus(code, false, Instant.parse("2024-05-01T10:00:00.123456789Z")));
        }

        @Override
        public String containerId() {
            return id;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public long monitorPid() {
            return pid - 1;
        }

        @Override
        public Instant startedAt() {
            return Instant.parse("2024-05-01T09:00:00.5Z");
        }

        @Override
        public CompletableFuture<ExitStatus> exit() {
            return exit;
        }
    }

    final List<RuntimeSpec> started = new CopyOnWriteArrayList<>();
    final List<String> signals = new CopyOnWriteArrayList<>();
    final List<String> released = new CopyOnWriteArrayList<>();
    final Map<String, Process> processes = new HashMap<>();
    final Map<String, Process> adoptable = new HashMap<>();
    /** Signals the fake's processes die of; anything else is merely recorded. */
    Set<Integer> lethal = Set.of(9, 15);
    RuntimeFailure nextFailure;
    /** Frozen containers and the lethal signal each holds back (0 for none). */
    private final Map<String, Integer> frozen = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong pids = new AtomicLong(4000);

    @Override
    public synchronized RunningContainer start(RuntimeSpec spec) throws RuntimeFailure {
        if (nextFailure != null) {
            RuntimeFailure f = nextFailure;
            nextFailure = null;
            throw f;
        }
        started.add(spec);
        Process p = new Process(spec.containerId(), pids.addAndGet(2));
        processes.put(spec.containerId(), p);
        return p;
    }

    @Override
    public synchronized Optional<RunningContainer> adopt(String containerId, Path containerDir) {
        return Optional.ofNullable(adoptable.get(containerId));
    }

    @Override
    public void signal(RunningContainer container, int signal) {
        signals.add(container.containerId().substring(0, 4) + ":" + signal);
        if (lethal.contains(signal)) {
            // like cgroup v1: a frozen process acts on its signal only once thawed
            if (frozen.containsKey(container.containerId())) {
                frozen.put(container.containerId(), signal);
            } else {
                ((Process) container).exitWith(128 + signal);
            }
        }
    }

    /** Logged with the signals, so a test sees the order of signal and thaw. */
    @Override
    public void freeze(String containerId) {
        signals.add(containerId.substring(0, 4) + ":freeze");
        frozen.put(containerId, 0);
    }

    /** The next update fails with this, as the kernel's EBUSY would; null lets it through. */
    volatile java.io.IOException refuseUpdate;

    /** Logged with the signals: {@code 0123:update 67108864}, the memory limit asked. */
    @Override
    public void update(String containerId, io.berth.events.spec.Resources before,
                       io.berth.events.spec.Resources after) throws java.io.IOException {
        if (refuseUpdate != null) {
            java.io.IOException e = refuseUpdate;
            refuseUpdate = null;
            throw e;
        }
        signals.add(containerId.substring(0, 4) + ":update " + after.memoryBytes());
    }

    @Override
    public void thaw(String containerId) {
        signals.add(containerId.substring(0, 4) + ":thaw");
        Integer pending = frozen.remove(containerId);
        if (pending != null && pending != 0) {
            process(containerId).exitWith(128 + pending);
        }
    }

    @Override
    public void release(String containerId, Path containerDir) {
        released.add(containerId);
    }

    synchronized Process process(String id) {
        return processes.get(id);
    }

    List<String> signalsCopy() {
        return new ArrayList<>(signals);
    }
}
