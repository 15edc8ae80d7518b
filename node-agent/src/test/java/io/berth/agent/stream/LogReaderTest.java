package io.berth.agent.stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogReaderTest {
    @TempDir
    Path dir;

    private static String json(String text, String stream) {
        return "{\"log\":\"" + text + "\\n\",\"stream\":\"" + stream + "\",\"time\":\"2024-05-06T07:08:09.000000001Z\"}\n";
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> texts(LogReader.Batch batch) {
        return batch.lines().stream().map(l -> new String(l.bytes(), StandardCharsets.UTF_8).trim()).toList();
    }

    @Test
    void aMissingLogIsEmptyAndAtItsEnd() throws IOException {
        Path log = dir.resolve("json.log");
        assertEquals(0, LogReader.end(log));
        LogReader.Batch batch = new LogReader(log, 0).read(1024);
        assertTrue(batch.lines().isEmpty());
        assertTrue(batch.atEnd());
    }

    @Test
    void aLineStillBeingWrittenWaitsForItsNewline() throws IOException {
        Path log = dir.resolve("json.log");
        String second = json("two", "stderr");
        append(log, json("one", "stdout") + second.substring(0, 10));
        LogReader reader = new LogReader(log, 0);
        assertEquals(List.of("one"), texts(reader.read(1024)));
        append(log, second.substring(10));
        assertEquals(List.of("two"), texts(reader.read(1024)));
        assertTrue(reader.read(1024).lines().isEmpty());
    }

    @Test
    void startingAtTheEndSeesOnlyWhatComesNext() throws IOException {
        Path log = dir.resolve("json.log");
        append(log, json("before", "stdout"));
        LogReader reader = new LogReader(log, LogReader.end(log));
        append(log, json("after", "stdout"));
        assertEquals(List.of("after"), texts(reader.read(1024)));
    }

    @Test
    void aSmallBudgetReadsInSeveralGoes() throws IOException {
        Path log = dir.resolve("json.log");
        for (int i = 0; i < 50; i++) {
            append(log, json("line " + i, "stdout"));
        }
        LogReader reader = new LogReader(log, 0);
        int lines = 0;
        LogReader.Batch batch;
        int reads = 0;
        do {
            batch = reader.read(256);
            lines += batch.lines().size();
            reads++;
        } while (!batch.atEnd());
        assertEquals(50, lines);
        assertTrue(reads > 1, "read in pieces");
    }
}
