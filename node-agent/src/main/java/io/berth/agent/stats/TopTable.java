package io.berth.agent.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer to {@code docker top}: the container's processes in the columns of {@code ps -ef}, which is what
 * dockerd runs when no ps_args are given. Pure: the clock, boot time, zone and user names are inputs.
 */
public final class TopTable {
    public static final List<String> TITLES = List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter THIS_YEAR = DateTimeFormatter.ofPattern("MMMdd", Locale.ROOT);
    private static final DateTimeFormatter OLDER = DateTimeFormatter.ofPattern("yyyy", Locale.ROOT);

    /** What the table depends on besides the processes. */
    public record Clock(Instant now, Instant boot, ZoneId zone, Map<Long, String> users) {
    }

    public static JsonObject of(List<ProcEntry> processes, Clock clock) {
        JsonArray rows = new JsonArray();
        processes.stream().sorted(Comparator.comparingLong(ProcEntry::pid)).forEach(p -> rows.add(row(p, clock)));
        return new JsonObject().put("Titles", new JsonArray(TITLES)).put("Processes", rows);
    }

    static JsonArray row(ProcEntry p, Clock clock) {
        Instant started = clock.boot().plusMillis(p.startTicks() * 1000 / HostCpu.CLK_TCK);
        return new JsonArray()
                .add(clock.users().getOrDefault(p.uid(), Long.toString(p.uid())))
                .add(Long.toString(p.pid()))
                .add(Long.toString(p.ppid()))
                .add(Long.toString(cpuPercent(p, started, clock.now())))
                .add(startTime(started, clock))
                .add(tty(p.ttyNr()))
                .add(cpuTime(p.cpuTicks()))
                .add(p.argv().isEmpty() ? "[" + p.comm() + "]" : String.join(" ", p.argv()));
    }

    /** ps's C column: CPU time over lifetime, in whole percent, capped at 99 as procps does. */
    static long cpuPercent(ProcEntry p, Instant started, Instant now) {
        long lifeMillis = now.toEpochMilli() - started.toEpochMilli();
        if (lifeMillis <= 0) {
            return 0;
        }
        long cpuMillis = p.cpuTicks() * 1000 / HostCpu.CLK_TCK;
        return Math.min(99, cpuMillis * 100 / lifeMillis);
    }

    /** HH:MM when started today, MonDD this year, else the year. */
    static String startTime(Instant started, Clock clock) {
        LocalDateTime at = LocalDateTime.ofInstant(started, clock.zone());
        LocalDateTime now = LocalDateTime.ofInstant(clock.now(), clock.zone());
        if (at.toLocalDate().equals(now.toLocalDate())) {
            return TODAY.format(at);
        }
        return at.getYear() == now.getYear() ? THIS_YEAR.format(at) : OLDER.format(at);
    }

    /** {@code ?} without a terminal; pseudo-terminals (majors 136–143) as {@code pts/N}. */
    static String tty(long ttyNr) {
        if (ttyNr == 0) {
            return "?";
        }
        long major = (ttyNr >> 8) & 0xfff;
        long minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
        if (major >= 136 && major <= 143) {
            return "pts/" + ((major - 136) * 256 + minor);
        }
        return major == 4 && minor < 64 ? "tty" + minor : "?";
    }

    /** Cumulative CPU time as ps prints it: {@code [DD-]HH:MM:SS}. */
    static String cpuTime(long ticks) {
        long s = ticks / HostCpu.CLK_TCK;
        long days = s / 86400;
        String hms = String.format(Locale.ROOT, "%02d:%02d:%02d", (s / 3600) % 24, (s / 60) % 60, s % 60);
        return days > 0 ? days + "-" + hms : hms;
    }

    private TopTable() {
    }
}
