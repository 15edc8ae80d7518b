package io.berth.agent.volume;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.agent.NodePaths;
import io.berth.agent.lifecycle.VolumeDirs;
import io.berth.agent.sys.MountTable;
import io.berth.agent.sys.Syscalls;
import io.berth.events.Json;
import io.berth.events.state.JsonCas;
import io.berth.events.state.LocalDriverOptions;
import io.berth.events.state.VolumeRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;

/**
 * A local volume's {@code _data} as dockerd's local driver keeps it: a plain directory, or, with driver options, a
 * mount there ({@code tmpfs}, a bind of {@code device}, another filesystem) made in the host's mount namespace when
 * a container first uses the volume and taken down when the volume is removed. The options are kept on the disk
 * too ({@code opts.json}, as dockerd's), so a volume found without a record keeps them. The mount outlives containers and
 * agent restarts (an existing mount at {@code _data} is used as it is), so a tmpfs volume's data lives while it is
 * mounted; a host reboot empties it, as with dockerd.
 */
public final class VolumeMounts implements VolumeDirs {
    private static final Logger LOG = Logger.getLogger(VolumeMounts.class.getName());
    private static final long MS_REMOUNT = 32;
    private final NodePaths paths;
    private final ConcurrentMap<String, String> volumes;
    private final Syscalls syscalls;
    private final MountTable.Source mountTable;

    public VolumeMounts(NodePaths paths, ConcurrentMap<String, String> volumes, Syscalls syscalls,
                        MountTable.Source mountTable) {
        this.paths = paths;
        this.volumes = volumes;
        this.syscalls = syscalls;
        this.mountTable = mountTable;
    }

    @Override
    public synchronized Path open(String name) throws IOException {
        Path data = paths.volumeData(name);
        Files.createDirectories(data);
        Optional<VolumeRecord> record = JsonCas.get(volumes, name, VolumeRecord.class);
        // the record's options, kept on the disk too; without a record (the cluster's state not restored yet), the
        // disk's, so a tmpfs volume is never taken for a plain directory
        Map<String, String> given = record.isPresent() ? saveOptions(name, record.get().options()) : savedOptions(name);
        LocalDriverOptions options;
        try {
            options = LocalDriverOptions.parse(given);
        } catch (IllegalArgumentException e) {
            throw new IOException("volume " + name + " has options this node cannot mount: " + e.getMessage(), e);
        }
        if (!options.mounts() || mountTable.read().isMountPoint(data)) {
            return data;
        }
        String what = "error while mounting volume '" + data + "': failed to mount local volume: mount "
                + options.device() + ":" + data + ", flags: 0x" + Long.toHexString(options.flags())
                + (options.data().isEmpty() ? "" : ", data: " + options.data());
        if (options.isBind() && !Files.exists(Path.of(options.device()))) {
            throw new IOException(what + ": no such file or directory");
        }
        try {
            syscalls.mount(options.device(), data, options.type(), options.flags(), options.data());
            if (options.isBind() && options.readOnly()) {
                // the kernel ignores MS_RDONLY on the first bind: a read-only bind is a bind, then a remount
                syscalls.mount(options.device(), data, options.type(),
                        MS_REMOUNT | LocalDriverOptions.MS_BIND | LocalDriverOptions.MS_RDONLY, "");
            }
        } catch (IOException e) {
            release(data);
            throw new IOException(what + ": " + e.getMessage(), e);
        }
        LOG.info("volume " + name + ": mounted " + options.type() + " " + options.device() + " at " + data);
        return data;
    }

    /** Writes a volume's options to {@code opts.json} beside its {@code _data} (once; none for a plain volume). */
    public Map<String, String> saveOptions(String name, Map<String, String> options) throws IOException {
        Path file = paths.volumeOptions(name);
        if (!options.isEmpty() && !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(".opts.json.tmp");
            Files.writeString(temp, Json.write(options));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return options;
    }

    /** The options kept on this disk for a volume, empty when there are none. */
    public Map<String, String> savedOptions(String name) throws IOException {
        Path file = paths.volumeOptions(name);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        return Json.MAPPER.readValue(Files.readString(file), new TypeReference<Map<String, String>>() { });
    }

    /**
     * Takes down every mount stacked at the volume's {@code _data} (before its directory is deleted, which never
     * crosses a mount). Lazily: a container that still had it bound keeps its own copy until it ends.
     */
    public synchronized void release(String name) throws IOException {
        release(paths.volumeData(name));
    }

    private void release(Path data) throws IOException {
        while (mountTable.read().isMountPoint(data)) {
            syscalls.umount2(data, Syscalls.MNT_DETACH);
            LOG.info("unmounted the volume mount at " + data);
        }
    }
}
