package io.berth.agent.archive;

import io.berth.agent.layer.LayerFailure;
import io.berth.agent.lifecycle.Node;
import io.berth.agent.lifecycle.Tracked;
import io.berth.agent.runtime.ContainerFiles;
import io.berth.agent.runtime.IdRange;
import io.berth.agent.runtime.StoppedRoot;
import io.berth.agent.runtime.UserNamespaces;
import io.berth.agent.stream.StreamEndpoint;
import io.berth.agent.stream.StreamErrors;
import io.berth.agent.sys.Errno;
import io.berth.agent.sys.RootCalls;
import io.berth.agent.sys.SyscallFailure;
import io.berth.agent.sys.Syscalls;
import io.berth.events.ContainerState;
import io.berth.events.spec.MountSpec;
import io.berth.events.state.ContainerRecord;
import io.berth.events.state.JsonCas;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code HEAD/GET/PUT /containers/{id}/archive?path=…} on the node that holds the container, running or
 * stopped: the stat header, the path as a tar, a tar extracted into a directory. Paths are resolved inside
 * the container's root by the kernel (see {@link RootCalls}); the filesystem work runs on worker threads and
 * streams both ways with backpressure.
 */
public final class ArchiveRoutes {
    private static final Logger LOG = Logger.getLogger(ArchiveRoutes.class.getName());
    private static final String ID = "/containers/{id:[0-9a-f]{64}}/";

    private final Vertx vertx;
    private final Node node;
    private final Syscalls syscalls;
    private final RootCalls calls;
    /** The runtime's helpers (berth-overlay mounts a stopped container's root with idmapped layers). */
    private final Path stateRoot;

    public ArchiveRoutes(Vertx vertx, Node node, Syscalls syscalls, RootCalls calls, Path stateRoot) {
        this.stateRoot = stateRoot;
        this.vertx = vertx;
        this.node = node;
        this.syscalls = syscalls;
        this.calls = calls;
    }

    public void register(StreamEndpoint endpoint) {
        endpoint.add(HttpMethod.HEAD, ID + "archive", (r, p) -> read(r, p.get("id"), false))
                .add(HttpMethod.GET, ID + "archive", (r, p) -> read(r, p.get("id"), true))
                .add(HttpMethod.PUT, ID + "archive", (r, p) -> write(r, p.get("id")))
                .add(HttpMethod.GET, ID + "export", (r, p) -> export(r, p.get("id")))
                .add(HttpMethod.GET, ID + "changes", (r, p) -> changes(r, p.get("id")))
                .add(HttpMethod.GET, ID + "layer", (r, p) -> layer(r, p.get("id")));
    }

    /**
     * {@code docker commit}: the upper directory as a layer tar, streamed; with {@code pause=true} a running
     * container is frozen while it is read (so the layer is one moment's state) and thawed after, as dockerd does.
     */
    private void layer(HttpServerRequest request, String id) {
        HttpServerResponse response = request.response();
        boolean pause = flag(request, "pause");
        vertx.executeBlocking(() -> {
            ContainerRecord record = record(id);
            // a container the user paused stays paused; only one this call froze is thawed by it
            boolean freeze = pause && record.status() == ContainerState.RUNNING
                    && node.table().running(id).isPresent();
            if (freeze) {
                node.runtime().freeze(id);
            }
            try {
                response.setStatusCode(200).putHeader("Content-Type", "application/x-tar").setChunked(true);
                try (OutputStream out = new ResponseOutput(response)) {
                    new UpperLayer(calls, UserNamespaces.stored(node.disk().dir(id)))
                            .write(new ContainerFiles(node.disk().dir(id)).upper(), out);
                }
            } finally {
                if (freeze) {
                    node.runtime().thaw(id);
                }
            }
            return null;
        }, false).onComplete(done -> finish(response, done));
    }

    /** {@code docker export}: the merged root as a tar, streamed. */
    private void export(HttpServerRequest request, String id) {
        HttpServerResponse response = request.response();
        vertx.executeBlocking(() -> {
            withRoot(id, (record, rootFd, ids) -> {
                response.setStatusCode(200).putHeader("Content-Type", "application/x-tar").setChunked(true);
                try (OutputStream out = new ResponseOutput(response)) {
                    new RootTar(calls, rootFd, ids).writeRoot(out);
                }
            });
            return null;
        }, false).onComplete(done -> finish(response, done));
    }

    /** {@code docker diff}: the upper directory against the layers, as Docker's [{Path, Kind}]. */
    private void changes(HttpServerRequest request, String id) {
        HttpServerResponse response = request.response();
        vertx.executeBlocking(() -> {
            ContainerRecord record = record(id);
            List<Path> lowers = lowers(id, record);
            var changes = new UpperChanges(calls).of(new ContainerFiles(node.disk().dir(id)).upper(), lowers);
            io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
            changes.forEach((path, kind) -> out.add(new io.vertx.core.json.JsonObject().put("Path", path)
                    .put("Kind", kind)));
            return out.encode();
        }, false).onComplete(done -> {
            if (done.failed()) {
                fail(response, done.cause());
            } else {
                response.setStatusCode(200).putHeader("Content-Type", "application/json").end(done.result());
            }
        });
    }

    /** What an archive operation works on: the record and its root, opened for the duration. */
    private interface RootWork {
        void run(ContainerRecord record, int rootFd, IdRange ids) throws IOException;
    }

    private void read(HttpServerRequest request, String id, boolean body) {
        String path = request.getParam("path");
        if (path == null || path.isEmpty()) {
            StreamErrors.answer(request.response(), 400, "path is required");
            return;
        }
        HttpServerResponse response = request.response();
        vertx.executeBlocking(() -> {
            withRoot(id, (record, containerRoot, ids) -> onHolder(record, containerRoot, ids, path, (rootFd, at, mount, owners) -> {
                String header = stat(rootFd, at, path, id);
                response.putHeader("X-Docker-Container-Path-Stat", header).setStatusCode(200);
                if (!body) {
                    return;
                }
                response.putHeader("Content-Type", "application/x-tar").setChunked(true);
                try (OutputStream out = new ResponseOutput(response)) {
                    new RootTar(calls, rootFd, owners).write(at, ContainerPaths.baseName(path), out);
                }
            }));
            return null;
        }, false).onComplete(done -> finish(response, done));
    }

    private void write(HttpServerRequest request, String id) {
        String path = request.getParam("path");
        if (path == null || path.isEmpty()) {
            StreamErrors.answer(request.response(), 400, "path is required");
            return;
        }
        RootUntar.Options options = new RootUntar.Options(flag(request, "copyUIDGID"),
                flag(request, "noOverwriteDirNonDir"));
        InputStream body = new RequestInput(vertx, (ReadStream<Buffer>) request);
        HttpServerResponse response = request.response();
        vertx.executeBlocking(() -> {
            withRoot(id, (record, containerRoot, ids) -> onHolder(record, containerRoot, ids, path, (rootFd, at, mount, owners) -> {
                if (mount == null && record.spec() != null && record.spec().security().readOnlyRootfs()) {
                    throw new RootUntar.BadArchive("container rootfs is marked read-only");
                }
                if (mount != null && mount.readOnly()) {
                    throw new RootUntar.BadArchive("mounted volume is marked read-only");
                }
                try {
                    new RootUntar(calls, rootFd, owners).extract(at, body, options);
                } catch (SyscallFailure e) {
                    if (e.errno() == Errno.ENOENT && e.getMessage().startsWith("openat2 " + at + ":")) {
                        throw new NotFound("Could not find the file " + path + " in container " + id);
                    }
                    throw e;
                }
                // the rest of a body we stopped reading early would otherwise hold the connection
                body.transferTo(OutputStream.nullOutputStream());
            }));
            return null;
        }, false).onComplete(done -> {
            if (done.failed()) {
                fail(response, done.cause());
            } else {
                response.setStatusCode(200).end();
            }
        });
    }

    private ContainerRecord record(String id) throws NotFound {
        ContainerRecord record = JsonCas.get(node.records(), id, ContainerRecord.class)
                .orElseThrow(() -> new NotFound("No such container: " + id));
        if (!node.nodeId().equals(record.nodeId()) || record.spec() == null) {
            throw new NotFound("No such container: " + id);
        }
        return record;
    }

    private List<Path> lowers(String id, ContainerRecord record) throws IOException {
        try {
            return node.disk().prepare(id, record.spec());
        } catch (LayerFailure e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Work on the root that holds a path, with the path as seen from that root; {@code mount} null: the container's. */
    private interface PathWork {
        void run(int rootFd, String at, MountSpec mount, IdRange owners) throws IOException;
    }

    /**
     * A path in a volume or bind mount is read and written in the mount's source (resolved inside it, so no link
     * there leads out of it), running or stopped, as dockerd does; any other path in the container's root.
     */
    private void onHolder(ContainerRecord record, int containerRoot, IdRange ids, String path, PathWork work)
            throws IOException {
        Optional<MountedPath> mounted = record.spec() == null ? Optional.empty()
                : MountedPath.of(record.spec().mounts(), path);
        if (mounted.isEmpty()) {
            work.run(containerRoot, path, null, ids);
            return;
        }
        MountSpec mount = mounted.get().mount();
        // a volume is opened as a start opens it: a tmpfs or bind volume not mounted yet is mounted first, so what
        // is copied lands where containers see it, not in the directory under the mount
        Path source = mount.type().equals("volume") ? node.disk().openVolume(mount.name()) : Path.of(mount.source());
        int fd;
        try {
            fd = calls.openRoot(source);
        } catch (SyscallFailure e) {
            throw new NotFound("Could not find the file " + path + " in container " + record.id()
                    + ": its mount source " + source + " is not there");
        }
        try {
            // volumes and binds are mounted idmapped: they hold the container's ids as they are
            work.run(fd, mounted.get().inner(), mount, IdRange.HOST);
        } finally {
            calls.close(fd);
        }
    }

    private void withRoot(String id, RootWork work) throws IOException {
        awaitRelease(id);
        ContainerRecord record = record(id);
        List<Path> lowers = lowers(id, record);
        // a container never started gets its range now, so what is copied into it is its own at the first start
        boolean hostNetwork = record.spec().network() != null && "host".equals(record.spec().network().mode());
        IdRange ids = node.runtime().ids(id, node.disk().dir(id), record.spec().security(), hostNetwork);
        StoppedRoot root = StoppedRoot.open(syscalls, lowers, node.disk().dir(id), ids, stateRoot);
        try {
            int rootFd = calls.openRoot(root.path());
            try {
                work.run(record, rootFd, ids);
            } finally {
                calls.close(rootFd);
            }
        } finally {
            root.close(node.table().running(id).isEmpty());
        }
    }

    /**
     * A process that just exited has its root detached right after its exit is announced: a copy out of it (as
     * `docker run X; docker cp X:/f .` does) waits for that, then mounts the stopped root itself.
     */
    private void awaitRelease(String id) throws IOException {
        var exited = node.table().get(id).filter(Tracked::exited);
        if (exited.isEmpty()) {
            return;
        }
        try {
            exited.get().settled().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IOException("container " + id + ": its last exit is still being recorded", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for container " + id + " to be released", e);
        }
    }

    /** The stat header for {@code path}; a missing path is Docker's 404 wording. */
    private String stat(int rootFd, String at, String path, String id) throws IOException {
        int fd;
        try {
            fd = calls.openInRoot(rootFd, at, RootCalls.O_PATH | RootCalls.O_NOFOLLOW, 0);
        } catch (SyscallFailure e) {
            if (e.errno() == Errno.ENOENT || e.errno() == 20 /* ENOTDIR */) {
                throw new NotFound("Could not find the file " + path + " in container " + id);
            }
            throw e;
        }
        try {
            RootCalls.Stat stat = calls.stat(fd);
            if (path.endsWith("/") && !stat.directory() && !stat.symlink()) {
                throw new RootUntar.BadArchive("not a directory: " + path);
            }
            return PathStat.header(ContainerPaths.baseName(path), stat, stat.symlink() ? linkTarget(path, fd) : "");
        } finally {
            calls.close(fd);
        }
    }

    /** dockerd reports a symlink's target as the absolute path it resolves to in the container. */
    private String linkTarget(String path, int fd) throws IOException {
        String target = calls.readlink(fd);
        if (target.startsWith("/")) {
            return target;
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int slash = p.lastIndexOf('/');
        String dir = slash <= 0 ? "/" : p.substring(0, slash);
        return Path.of(dir.startsWith("/") ? dir : "/" + dir).resolve(target).normalize().toString();
    }

    private static boolean flag(HttpServerRequest request, String name) {
        String v = request.getParam(name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    /** Ends a streamed answer: a failure before the first byte is a status, one mid-stream a reset. */
    private static void finish(HttpServerResponse response, io.vertx.core.AsyncResult<?> done) {
        if (done.failed()) {
            fail(response, done.cause());
        } else if (!response.ended()) {
            response.end();
        }
    }

    private static void fail(HttpServerResponse response, Throwable e) {
        if (response.headWritten() && !response.ended()) {
            // mid-tar: a clean end would pass a cut archive off as whole; closing the connection makes it an error
            LOG.log(Level.INFO, "archive stream cut: " + e.getMessage());
            response.reset();
            return;
        }
        int status = e instanceof NotFound ? 404 : e instanceof RootUntar.BadArchive ? 400 : 500;
        if (status == 500) {
            LOG.log(Level.WARNING, "archive operation failed", e);
        }
        StreamErrors.answer(response, status, String.valueOf(e.getMessage()));
    }

    /** The path or container is not there: the client's 404. */
    static final class NotFound extends IOException {
        NotFound(String message) {
            super(message);
        }
    }
}
