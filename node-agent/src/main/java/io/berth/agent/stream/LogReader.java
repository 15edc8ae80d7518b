package io.berth.agent.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a json-file log forward from an offset, one complete line at a time: a line the monitor is still
 * writing (no newline yet) stays for the next read. Blocking file I/O: call it from a worker.
 */
public final class LogReader implements AutoCloseable {
    private final Path file;
    private long offset;
    private FileChannel channel;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    public LogReader(Path file, long offset) {
        this.file = file;
        this.offset = offset;
    }

    /** The size of the log now: where a reader of only what comes next starts (0 when there is no log yet). */
    public static long end(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /**
     * Reads at most about {@code maxBytes}; the result says whether it reached the current end of the file.
     * The file stays open between reads: a container removed right after it exits (`--rm`) unlinks its log,
     * and an open file can still be read to the end.
     */
    public Batch read(int maxBytes) throws IOException {
        List<LogLine> lines = new ArrayList<>();
        if (channel == null) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return new Batch(lines, true);
            }
        }
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(maxBytes, 64 * 1024));
        int budget = maxBytes;
        while (budget > 0) {
            buffer.clear();
            int n = channel.read(buffer, offset);
            if (n <= 0) {
                return new Batch(lines, true);
            }
            offset += n;
            budget -= n;
            split(buffer.array(), n, lines);
        }
        return new Batch(lines, offset >= channel.size());
    }

    /** Lets go of the file. */
    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was written through it
            }
            channel = null;
        }
    }

    private void split(byte[] bytes, int length, List<LogLine> into) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                partial.write(bytes, start, i - start);
                LogLine.parse(partial.toString(StandardCharsets.UTF_8)).ifPresent(into::add);
                partial.reset();
                start = i + 1;
            }
        }
        partial.write(bytes, start, length - start);
    }

    public long offset() {
        return offset;
    }

    /** Lines read in one go, and whether the reader is at the end of what has been written so far. */
    public record Batch(List<LogLine> lines, boolean atEnd) {
    }
}
