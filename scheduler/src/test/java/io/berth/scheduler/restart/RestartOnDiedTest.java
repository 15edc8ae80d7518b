package io.berth.scheduler.restart;

import io.berth.events.ContainerState;
import io.berth.events.Json;
import io.berth.events.command.StartContainer;
import io.berth.events.event.ContainerDied;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.berth.events.wire.Envelope;
import io.berth.scheduler.routing.Outbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RestartOnDiedTest {
    private static final String ID = "c".repeat(64);
    private final ConcurrentMap<String, String> containers = new ConcurrentHashMap<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final Outbox outbox = new Outbox() {
        @Override
        public void emit(Envelope event) {
            sent.add("event " + event.type());
        }

        @Override
        public void forward(String nodeId, Envelope command) {
            sent.add(nodeId + (command.data() instanceof StartContainer ? " start" : " " + command.type()));
        }
    };
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    private void exited(int restartCount, long delay) {
        ContainerSpec spec = ContainerSpec.builder("busybox").repository("library/busybox").cmd("sh")
                .restartPolicy("always").build();
        containers.put(ID, Json.write(ContainerRecord.accepted(ID, "c", spec, "{}", "2026-01-01T00:00:00Z")
                .withNode("n1").withDesired("running").running(42, "2026-01-01T00:00:01Z")
                .exited(255, false, "2026-01-01T00:00:02Z").withRestartCount(restartCount).withRestartDelay(delay)));
    }

    private ContainerRecord record() {
        return JsonCas.get(containers, ID, ContainerRecord.class).orElseThrow();
    }

    private void settle() throws InterruptedException {
        timers.schedule(() -> { }, 1, TimeUnit.SECONDS).isDone();
        timers.shutdown();
        timers.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void anExitRestartsWithOneMoreCount() throws Exception {
        exited(3, 0);
        RestartOnDied restarts = new RestartOnDied(containers, outbox, "/t", timers);
        restarts.handle(Envelope.of(new ContainerDied(ID, "n1", 1, false, null), "/t", null));
        settle();
        assertEquals(List.of("n1 start"), sent);
        assertEquals(4, record().restartCount());
        assertEquals(ContainerState.RESTARTING, record().status(), "until the node reports the start");
    }

    @Test
    void aRebootStartsItOnceWithTheCountAndBackoffResetAsDockerdsStartDoes() throws Exception {
        exited(3, 6_400);
        RestartOnDied one = new RestartOnDied(containers, outbox, "/t", timers);
        RestartOnDied other = new RestartOnDied(containers, outbox, "/t", timers); // a second scheduler
        Envelope died = Envelope.of(new ContainerDied(ID, "n1", 255, false, "the monitor is gone"), "/t", null);
        one.handle(died);
        other.handle(died);
        settle();
        assertEquals(List.of("n1 start"), sent, "started once, whoever armed it");
        assertEquals(0, record().restartCount());
        assertEquals(0, record().restartDelayMillis(), "the backoff starts over");
    }
}
