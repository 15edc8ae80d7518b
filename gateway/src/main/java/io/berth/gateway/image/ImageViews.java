package io.berth.gateway.image;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Docker's JSON for an image: {@code GET /images/{name}/json} and one item of {@code GET /images/json}. */
public final class ImageViews {
    public static final String UNSET_TIME = "0001-01-01T00:00:00Z";

    public static Map<String, Object> inspect(ResolvedImage image) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", image.configDigest());
        out.put("RepoTags", image.ref().repoTag() == null ? List.of() : List.of(image.ref().repoTag()));
        out.put("RepoDigests", List.of(image.ref().familiarName() + "@" + image.manifestDigest()));
        out.put("Parent", "");
        out.put("Comment", "");
        out.put("Created", image.created() == null ? UNSET_TIME : image.created());
        out.put("DockerVersion", "");
        out.put("Author", "");
        out.put("Config", config(image.config()));
        out.put("Architecture", image.architecture());
        out.put("Os", image.os());
        out.put("Size", image.size());
        out.put("GraphDriver", Map.of("Name", "overlay2", "Data", Map.of()));
        out.put("RootFS", Map.of("Type", "layers", "Layers", image.diffIds()));
        out.put("Metadata", Map.of("LastTagTime", UNSET_TIME));
        return out;
    }

    public static Map<String, Object> listItem(ResolvedImage image) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", image.configDigest());
        out.put("ParentId", "");
        out.put("RepoTags", image.ref().repoTag() == null ? List.of("<none>:<none>") : List.of(image.ref().repoTag()));
        out.put("RepoDigests", List.of(image.ref().familiarName() + "@" + image.manifestDigest()));
        out.put("Created", unix(image.created()));
        out.put("Size", image.size());
        out.put("SharedSize", -1);
        out.put("Containers", -1);
        out.put("Labels", image.config().labels());
        return out;
    }

    private static Map<String, Object> config(ImageConfig c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Env", c.env());
        out.put("Cmd", c.cmd().isEmpty() ? null : c.cmd());
        out.put("Entrypoint", c.entrypoint().isEmpty() ? null : c.entrypoint());
        out.put("WorkingDir", c.workingDir());
        out.put("User", c.user());
        out.put("Labels", c.labels().isEmpty() ? null : c.labels());
        out.put("ExposedPorts", c.exposedPorts().isEmpty() ? null : c.exposedPorts());
        Map<String, Object> volumes = new LinkedHashMap<>();
        c.volumes().forEach(v -> volumes.put(v, Map.of()));
        out.put("Volumes", volumes.isEmpty() ? null : volumes);
        out.put("OnBuild", c.onBuild().isEmpty() ? null : c.onBuild());
        if (c.healthcheck() != null) {
            out.put("Healthcheck", c.healthcheck());
        }
        if (!c.stopSignal().isEmpty()) {
            out.put("StopSignal", c.stopSignal());
        }
        if (!c.shell().isEmpty()) {
            out.put("Shell", c.shell());
        }
        return out;
    }

    static long unix(String rfc3339) {
        if (rfc3339 == null) {
            return 0;
        }
        try {
            return Instant.parse(rfc3339).getEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private ImageViews() {
    }
}
