package io.berth.imagestore.seed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the seed image is made of, read from a static busybox on the host: its bytes, the applet paths
 * {@code busybox --list-full} prints, its version and its modification time (the image's fixed epoch).
 */
public record BusyboxBinary(byte[] bytes, List<String> applets, String version, Instant modified) {
    private static final Pattern DEBIAN = Pattern.compile("\\(Debian ([^)]+)\\)");
    private static final Pattern UPSTREAM = Pattern.compile("BusyBox (v\\S+)");

    /** Reads and runs the binary once (blocking). */
    public static BusyboxBinary probe(Path binary) {
        try {
            byte[] bytes = Files.readAllBytes(binary);
            List<String> applets = run(binary, "--list-full").lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
            String version = version(run(binary, "--help"));
            Instant modified = Files.getLastModifiedTime(binary).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            return new BusyboxBinary(bytes, applets, version, modified);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read busybox at " + binary, e);
        }
    }

    /** Debian's package version from the banner, else the upstream one. */
    static String version(String banner) {
        Matcher debian = DEBIAN.matcher(banner);
        if (debian.find()) {
            return debian.group(1);
        }
        Matcher upstream = UPSTREAM.matcher(banner);
        return upstream.find() ? upstream.group(1) : "unknown";
    }

    private static String run(Path binary, String argument) throws IOException {
        Process process = new ProcessBuilder(binary.toString(), argument).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(binary + " " + argument + " did not finish");
            }
            return out;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + binary + " " + argument, e);
        }
    }
}
