package io.berth.agent.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TopTableTest {
    private static final Instant BOOT = Instant.parse("2026-03-01T08:00:00Z");
    private static final TopTable.Clock CLOCK = new TopTable.Clock(BOOT.plusSeconds(3600), BOOT, ZoneOffset.UTC,
            Map.of(0L, "root"));

    @Test
    void parsesStatWhoseCommHoldsSpacesAndParentheses() {
        String stat = "4242 (my (odd) name) S 4200 4242 4242 0 -1 4194560 100 0 0 0 150 50 0 0 20 0 1 0 "
                + "36000 1234 56 18446744073709551615\n";
        ProcEntry p = ProcEntry.parse(stat, "Name:\tx\nUid:\t1000\t1000\t1000\t1000\n",
                ("sleep" + "\0" + "100" + "\0").getBytes(StandardCharsets.UTF_8));

        assertEquals(4242, p.pid());
        assertEquals(4200, p.ppid());
        assertEquals(1000, p.uid());
        assertEquals("my (odd) name", p.comm());
        assertEquals(0, p.ttyNr());
        assertEquals(200, p.cpuTicks(), "utime 150 + stime 50");
        assertEquals(36000, p.startTicks());
        assertEquals(List.of("sleep", "100"), p.argv());
    }

    @Test
    void formatsLikePsEf() {
        // started 360 s after boot, 2 s of CPU over 3240 s of life
        ProcEntry sleep = new ProcEntry(4242, 4200, 0, "sleep", 0, 200, 36000, List.of("sleep", "100"));
        ProcEntry kernelish = new ProcEntry(4243, 4242, 1000, "kworker", (136 << 8) | 3, 0, 36000, List.of());

        JsonObject top = TopTable.of(List.of(kernelish, sleep), CLOCK);

        assertEquals(new JsonArray(TopTable.TITLES), top.getJsonArray("Titles"));
        assertEquals(new JsonArray(List.of("root", "4242", "4200", "0", "08:06", "?", "00:00:02", "sleep 100")),
                top.getJsonArray("Processes").getJsonArray(0), "sorted by pid");
        assertEquals(new JsonArray(List.of("1000", "4243", "4242", "0", "08:06", "pts/3", "00:00:00", "[kworker]")),
                top.getJsonArray("Processes").getJsonArray(1), "unknown uid as a number, no argv as [comm]");
    }

    @Test
    void busyProcessesShowTheirCpuShareCappedAt99() {
        ProcEntry busy = new ProcEntry(1, 0, 0, "sh", 0, 360_000, 0, List.of("sh"));
        assertEquals(99, TopTable.cpuPercent(busy, BOOT, BOOT.plusSeconds(3600)));
        ProcEntry half = new ProcEntry(1, 0, 0, "sh", 0, 180_000, 0, List.of("sh"));
        assertEquals(50, TopTable.cpuPercent(half, BOOT, BOOT.plusSeconds(3600)));
    }

    @Test
    void startTimeIsTheHourTodayTheDayThisYearElseTheYear() {
        assertEquals("08:00", TopTable.startTime(BOOT, CLOCK));
        assertEquals("Feb27", TopTable.startTime(Instant.parse("2026-02-27T10:00:00Z"), CLOCK));
        assertEquals("2025", TopTable.startTime(Instant.parse("2025-12-31T10:00:00Z"), CLOCK));
    }

    @Test
    void cpuTimeCarriesDays() {
        assertEquals("00:01:05", TopTable.cpuTime(6500));
        assertEquals("1-01:00:00", TopTable.cpuTime(25 * 3600 * 100L));
    }
}
