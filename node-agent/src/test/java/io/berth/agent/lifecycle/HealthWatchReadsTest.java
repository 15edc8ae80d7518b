package io.berth.agent.lifecycle;

import io.berth.agent.health.HealthWatch;
import io.berth.events.command.CreateContainer;
import io.berth.events.command.StartContainer;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.Healthcheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What {@link HealthWatch}'s ticks read from the containers map: the idle cost of a node, per container. */
class HealthWatchReadsTest extends CommandsOnFakeNode {
    private final ExecutorService probes = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopProbes() {
        probes.shutdownNow();
    }

    private HealthWatch startedWith(ContainerSpec spec) {
        accept(spec, "{}");
        send(new CreateContainer(ID, "web", spec));
        send(new StartContainer(ID));
        records.forgetReads();
        return new HealthWatch(node, paths.runtime(), null, probes);
    }

    @Test
    void aContainerWithoutAHealthcheckIsReadOnceNotOnEveryTick() {
        HealthWatch watch = startedWith(sleeper().build());
        for (int i = 0; i < 5; i++) {
            watch.run();
        }
        assertEquals(1, records.reads(ID));
    }

    @Test
    void aContainerWithAHealthcheckIsReadOnEveryTick() {
        // due one interval after the start; the clock is fixed at the start, so no probe runs
        Healthcheck check = new Healthcheck(List.of("CMD", "true"), Healthcheck.DEFAULT_INTERVAL,
                Healthcheck.DEFAULT_TIMEOUT, 0, Healthcheck.DEFAULT_RETRIES);
        HealthWatch watch = startedWith(sleeper().healthcheck(check).build());
        for (int i = 0; i < 5; i++) {
            watch.run();
        }
        assertEquals(5, records.reads(ID));
    }
}
