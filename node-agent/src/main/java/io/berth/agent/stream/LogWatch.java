package io.berth.agent.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells log readers at once when a container's log grows: one inotify watch (the JDK's WatchService) per
 * container directory someone follows, so attach and {@code logs -f} push each line as the monitor writes it
 * instead of finding it at the next poll. A reader still polls, rarely, in case an event is lost.
 */
public final class LogWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogWatch.class.getName());

    private final WatchService service;
    private final Map<Path, Watched> watched = new HashMap<>();
    private final Thread thread;

    private record Watched(WatchKey key, Set<Runnable> listeners) {
    }

    public LogWatch() {
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch container logs", e);
        }
        thread = new Thread(this::loop, "berth-agent-log-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Calls {@code onGrowth} (on this watch's thread) whenever {@code log} is written, until the returned handle
     * is run. Null when its directory is not there yet (an attach before the create): then the reader polls and
     * asks again.
     */
    public synchronized Runnable watch(Path log, Runnable onGrowth) {
        Path dir = log.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return null;
        }
        Watched w = watched.get(dir);
        if (w == null) {
            try {
                w = new Watched(dir.register(service, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_CREATE), new CopyOnWriteArraySet<>());
            } catch (IOException | ClosedWatchServiceException e) {
                return null;
            }
            watched.put(dir, w);
        }
        w.listeners().add(onGrowth);
        return () -> unwatch(dir, onGrowth);
    }

    private synchronized void unwatch(Path dir, Runnable listener) {
        Watched w = watched.get(dir);
        if (w != null && w.listeners().remove(listener) && w.listeners().isEmpty()) {
            w.key().cancel();
            watched.remove(dir);
        }
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = service.take();
                Set<Runnable> listeners = listenersOf(key);
                boolean grew = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    // an overflow lost events: every reader of the directory reads again
                    grew |= event.kind() == StandardWatchEventKinds.OVERFLOW
                            || event.context() instanceof Path p && p.getFileName().toString().endsWith(".log");
                }
                key.reset();
                if (grew) {
                    listeners.forEach(LogWatch::tell);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private synchronized Set<Runnable> listenersOf(WatchKey key) {
        Watched w = watched.get((Path) key.watchable());
        return w == null || w.key() != key ? Set.of() : w.listeners();
    }

    private static void tell(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a log reader failed to take a wake-up", e);
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the log watch", e);
        }
    }
}
