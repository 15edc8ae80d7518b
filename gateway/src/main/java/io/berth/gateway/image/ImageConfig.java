package io.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The runtime defaults an OCI image config carries ({@code config.*}), with nulls turned into empties;
 * {@code healthcheck} is the image's {@code Healthcheck} object as stored (null when it has none);
 * {@code volumes} are the paths of its {@code VOLUME}s, each an anonymous volume of every container; {@code stopSignal},
 * {@code onBuild} and {@code shell} are what a Dockerfile's STOPSIGNAL, ONBUILD and SHELL stored.
 */
public record ImageConfig(List<String> env, List<String> cmd, List<String> entrypoint, String workingDir,
                          String user, Map<String, String> labels, Map<String, Object> exposedPorts,
                          JsonNode healthcheck, List<String> volumes, String stopSignal, List<String> onBuild,
                          List<String> shell) {
    public static final ImageConfig EMPTY = new ImageConfig(null, null, null, null, null, null, null);

    /** An image without a stop signal, ONBUILD triggers or SHELL. */
    public ImageConfig(List<String> env, List<String> cmd, List<String> entrypoint, String workingDir,
                       String user, Map<String, String> labels, Map<String, Object> exposedPorts,
                       JsonNode healthcheck, List<String> volumes) {
        this(env, cmd, entrypoint, workingDir, user, labels, exposedPorts, healthcheck, volumes, null, null, null);
    }

    /** An image without a healthcheck or volumes. */
    public ImageConfig(List<String> env, List<String> cmd, List<String> entrypoint, String workingDir,
                       String user, Map<String, String> labels, Map<String, Object> exposedPorts) {
        this(env, cmd, entrypoint, workingDir, user, labels, exposedPorts, null, null);
    }

    public ImageConfig {
        env = env == null ? List.of() : List.copyOf(env);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        exposedPorts = exposedPorts == null ? Map.of() : Map.copyOf(exposedPorts);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        stopSignal = stopSignal == null ? "" : stopSignal;
        onBuild = onBuild == null ? List.of() : List.copyOf(onBuild);
        shell = shell == null ? List.of() : List.copyOf(shell);
    }
}
