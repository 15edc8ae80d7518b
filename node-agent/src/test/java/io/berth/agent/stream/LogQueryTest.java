package io.berth.agent.stream;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogQueryTest {
    private static LogQuery parse(String... pairs) {
        MultiMap params = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            params.add(pairs[i], pairs[i + 1]);
        }
        return LogQuery.parse(params);
    }

    private static LogLine at(LogLine.Stream stream, String time) {
        return new LogLine(stream, new byte[0], Instant.parse(time));
    }

    @Test
    void readsDockersFlagsAndTail() {
        LogQuery q = parse("stdout", "1", "stderr", "false", "follow", "true", "tail", "2", "timestamps", "1");
        assertTrue(q.stdout());
        assertFalse(q.stderr());
        assertTrue(q.follow());
        assertEquals(2, q.tail());
        assertTrue(q.timestamps());
        assertEquals(-1, parse("tail", "all").tail());
        assertEquals(-1, parse().tail());
        assertThrows(IllegalArgumentException.class, () -> parse("tail", "many"));
    }

    @Test
    void sinceAndUntilAreUnixSecondsWithNanosAndZeroMeansNone() {
        LogQuery q = parse("since", "1714979289.000000005", "until", "1714979290");
        assertEquals(Instant.ofEpochSecond(1714979289, 5), q.since());
        assertEquals(Instant.ofEpochSecond(1714979290), q.until());
        assertNull(parse("since", "0").since());
        assertThrows(IllegalArgumentException.class, () -> parse("since", "yesterday"));
    }

    @Test
    void acceptsByStreamAndInclusiveTimeBounds() {
        LogQuery q = parse("stdout", "1", "since", String.valueOf(Instant.parse("2024-05-06T07:08:09Z").getEpochSecond()),
                "until", String.valueOf(Instant.parse("2024-05-06T07:08:10Z").getEpochSecond()));
        assertTrue(q.accepts(at(LogLine.Stream.STDOUT, "2024-05-06T07:08:09Z")));
        assertTrue(q.accepts(at(LogLine.Stream.STDOUT, "2024-05-06T07:08:10Z")));
        assertFalse(q.accepts(at(LogLine.Stream.STDOUT, "2024-05-06T07:08:08.999999999Z")));
        assertFalse(q.accepts(at(LogLine.Stream.STDOUT, "2024-05-06T07:08:10.000000001Z")));
        assertFalse(q.accepts(at(LogLine.Stream.STDERR, "2024-05-06T07:08:09.5Z")));
    }
}
