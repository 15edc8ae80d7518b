package io.berth.gateway.container;

import io.berth.events.ContainerState;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.state.ContainerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusTextTest {
    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    @Test
    void humanDurationMatchesGoUnits() {
        assertEquals("Less than a second", StatusText.humanDuration(Duration.ofMillis(999)));
        assertEquals("1 second", StatusText.humanDuration(Duration.ofSeconds(1)));
        assertEquals("59 seconds", StatusText.humanDuration(Duration.ofSeconds(59)));
        assertEquals("About a minute", StatusText.humanDuration(Duration.ofSeconds(60)));
        assertEquals("About a minute", StatusText.humanDuration(Duration.ofSeconds(119)));
        assertEquals("2 minutes", StatusText.humanDuration(Duration.ofSeconds(120)));
        assertEquals("59 minutes", StatusText.humanDuration(Duration.ofMinutes(59)));
        assertEquals("About an hour", StatusText.humanDuration(Duration.ofMinutes(89)));
        assertEquals("2 hours", StatusText.humanDuration(Duration.ofMinutes(90)));
        assertEquals("47 hours", StatusText.humanDuration(Duration.ofHours(47)));
        assertEquals("2 days", StatusText.humanDuration(Duration.ofHours(48)));
        assertEquals("13 days", StatusText.humanDuration(Duration.ofDays(13)));
        assertEquals("2 weeks", StatusText.humanDuration(Duration.ofDays(14)));
        assertEquals("8 weeks", StatusText.humanDuration(Duration.ofDays(59)));
        assertEquals("2 months", StatusText.humanDuration(Duration.ofDays(60)));
        assertEquals("2 years", StatusText.humanDuration(Duration.ofDays(730)));
    }

    @Test
    void statusPerState() {
        ContainerRecord created = record();
        assertEquals("Created", StatusText.of(created, NOW));
        ContainerRecord up = created.running(1, "2025-01-01T11:59:55.123456789Z");
        assertEquals("Up 4 seconds", StatusText.of(up, NOW));
        assertEquals("Up 4 seconds (Paused)", StatusText.of(up.withStatus(ContainerState.PAUSED), NOW));
        ContainerRecord exited = up.exited(137, false, "2025-01-01T11:59:57Z");
        assertEquals("Exited (137) 3 seconds ago", StatusText.of(exited, NOW));
        assertEquals("Dead", StatusText.of(exited.withStatus(ContainerState.DEAD), NOW));
    }

    private static ContainerRecord record() {
        ContainerSpec spec = ContainerSpec.builder("busybox").imageId("sha256:x").repository("library/busybox")
                .manifestDigest("sha256:m").hostname("h").build();
        return ContainerRecord.accepted("a".repeat(64), "n", spec, "{}", "2025-01-01T11:00:00Z");
    }
}
