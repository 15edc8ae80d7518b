package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.spec.ConsoleSize;
import io.berth.events.spec.ContainerSpec;
import io.berth.events.spec.Resources;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.image.ImageConfig;
import io.berth.gateway.image.ResolvedImage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges a create request with its image's defaults into the spec every other service runs from. */
public final class SpecBuilder {

    public static ContainerSpec build(String id, CreateRequest req, ResolvedImage image) {
        return build(id, req, image, () -> {
            throw new IllegalStateException("no names for anonymous volumes");
        });
    }

    /** {@code anonymousName} names each anonymous volume the request or the image asks for. */
    public static ContainerSpec build(String id, CreateRequest req, ResolvedImage image,
                                      java.util.function.Supplier<String> anonymousName) {
        ImageConfig defaults = image.config();
        List<String> entrypoint = req.entrypoint() != null ? req.entrypoint() : defaults.entrypoint();
        List<String> cmd;
        if (req.cmd() != null) {
            cmd = req.cmd();
        } else if (req.entrypoint() != null) {
            // Docker: a new entrypoint drops the image's Cmd, which was written for the old one
            cmd = List.of();
        } else {
            cmd = defaults.cmd();
        }
        if (entrypoint.isEmpty() && cmd.isEmpty()) {
            throw ApiError.badRequest("No command specified");
        }
        Map<String, String> labels = new LinkedHashMap<>(defaults.labels());
        if (req.labels() != null) {
            labels.putAll(req.labels());
        }
        String hostname = req.hostname() == null || req.hostname().isEmpty() ? id.substring(0, 12) : req.hostname();
        String workingDir = empty(req.workingDir()) ? defaults.workingDir() : req.workingDir();
        String user = empty(req.user()) ? defaults.user() : req.user();
        Resources resources = HostResources.parse(req.hostConfig()).toResources()
                .withDisk(HostDiskLimits.parse(req.hostConfig()));
        return ContainerSpec.builder(req.image())
                .imageId(image.configDigest()).repository(image.ref().repository())
                .manifestDigest(image.manifestDigest()).layers(image.layers())
                .entrypoint(entrypoint).cmd(cmd).env(mergeEnv(defaults.env(), req.env()))
                .workingDir(workingDir).hostname(hostname).user(user).labels(labels)
                .tty(req.tty()).openStdin(req.openStdin()).resources(resources)
                .restartPolicy(req.restartPolicy()).security(HostSecurity.parse(req.hostConfig()))
                .consoleSize(consoleSize(req.hostConfig()))
                .network(HostNetwork.parse(req.body(), req.hostConfig(), defaults.exposedPorts()))
                .init(HostSecurity.init(req.hostConfig()))
                .healthcheck(HealthSettings.resolve(req.body().get("Healthcheck"), defaults.healthcheck()))
                .mounts(ContainerMounts.parse(req.body(), req.hostConfig(), defaults.volumes(), anonymousName))
                .build();
    }

    /** {@code HostConfig.ConsoleSize} as [height, width]; null when absent or [0, 0] (no terminal on the client). */
    static ConsoleSize consoleSize(JsonNode hostConfig) {
        JsonNode size = hostConfig == null ? null : hostConfig.get("ConsoleSize");
        if (size == null || size.isNull()) {
            return null;
        }
        if (!size.isArray() || size.size() != 2 || !size.get(0).isIntegralNumber() || !size.get(1).isIntegralNumber()
                || !size.get(0).canConvertToInt() || !size.get(1).canConvertToInt()) {
            throw ApiError.badRequest("HostConfig.ConsoleSize must be [height, width]");
        }
        try {
            ConsoleSize parsed = new ConsoleSize(size.get(0).asInt(), size.get(1).asInt());
            return parsed.given() ? parsed : null;
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /**
     * Image env first, then the request's; a request entry replaces the image's entry for the same key in
     * place, and a bare {@code KEY} (no '=') removes it, as Docker's ReplaceOrAppendEnvValues does.
     */
    public static List<String> mergeEnv(List<String> image, List<String> request) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String entry : image) {
            merged.put(key(entry), entry);
        }
        if (request != null) {
            for (String entry : request) {
                if (entry.contains("=")) {
                    merged.put(key(entry), entry);
                } else {
                    merged.remove(entry);
                }
            }
        }
        return new ArrayList<>(merged.values());
    }

    private static String key(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private SpecBuilder() {
    }
}
