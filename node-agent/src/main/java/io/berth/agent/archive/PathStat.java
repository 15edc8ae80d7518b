package io.berth.agent.archive;

import io.berth.agent.sys.RootCalls;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Docker's {@code X-Docker-Container-Path-Stat} header: base64 of {@code {name, size, mode, mtime, linkTarget}},
 * where {@code mode} is a Go {@code os.FileMode} (type bits high, permission bits low).
 */
final class PathStat {
    private static final long GO_DIR = 1L << 31;
    private static final long GO_SYMLINK = 1L << 27;
    private static final long GO_DEVICE = 1L << 26;
    private static final long GO_PIPE = 1L << 25;
    private static final long GO_SOCKET = 1L << 24;
    private static final long GO_SETUID = 1L << 23;
    private static final long GO_SETGID = 1L << 22;
    private static final long GO_CHAR = 1L << 21;
    private static final long GO_STICKY = 1L << 20;

    private PathStat() {
    }

    static String header(String name, RootCalls.Stat stat, String linkTarget) {
        JsonObject json = new JsonObject()
                .put("name", name)
                .put("size", stat.size())
                .put("mode", goMode(stat.mode()))
                .put("mtime", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        Instant.ofEpochSecond(stat.mtimeSeconds(), stat.mtimeNanos()).atOffset(ZoneOffset.UTC)))
                .put("linkTarget", linkTarget == null ? "" : linkTarget);
        return Base64.getEncoder().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }

    static long goMode(int mode) {
        long go = mode & 0777;
        switch (mode & RootCalls.S_IFMT) {
            case RootCalls.S_IFDIR -> go |= GO_DIR;
            case RootCalls.S_IFLNK -> go |= GO_SYMLINK;
            case 0060000 -> go |= GO_DEVICE;
            case 0020000 -> go |= GO_DEVICE | GO_CHAR;
            case 0010000 -> go |= GO_PIPE;
            case 0140000 -> go |= GO_SOCKET;
            default -> {
            }
        }
        if ((mode & 04000) != 0) {
            go |= GO_SETUID;
        }
        if ((mode & 02000) != 0) {
            go |= GO_SETGID;
        }
        if ((mode & 01000) != 0) {
            go |= GO_STICKY;
        }
        return go;
    }
}
