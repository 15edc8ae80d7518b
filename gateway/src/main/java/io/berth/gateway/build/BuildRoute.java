package io.berth.gateway.build;

import com.fasterxml.jackson.core.type.TypeReference;
import io.berth.events.Json;
import io.berth.events.path.LexicalPath;
import io.berth.gateway.http.ApiError;
import io.berth.gateway.http.DockerJson;
import io.berth.gateway.http.Exchange;
import io.berth.gateway.http.QueryFlags;
import io.berth.gateway.http.Router;
import io.berth.gateway.image.ImageRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /build}: the classic builder's protocol. The tar context is spooled and unpacked into a private temp
 * directory (deleted on every path), the Dockerfile parsed (a bad one is a 400 before any stream, as dockerd),
 * then the steps run and their progress streams as JSON lines; the built image is tagged with every {@code t}.
 * Query parameters Berth does not act on are refused with 400 when set, naming them.
 */
public final class BuildRoute {
    /** Parameters read elsewhere or meaningless here (the CLI's {@code version}, the session of BuildKit). */
    private static final Set<String> HONOURED = Set.of("t", "dockerfile", "buildargs", "target", "labels", "nocache",
            "pull", "rm", "forcerm", "q", "networkmode", "cachefrom", "platform", "version", "session", "buildid");
    private static final Map<String, String> FLAG_OF = Map.ofEntries(Map.entry("remote", "a remote context"),
            Map.entry("memory", "--memory"), Map.entry("memswap", "--memory-swap"),
            Map.entry("cpushares", "--cpu-shares"), Map.entry("cpusetcpus", "--cpuset-cpus"),
            Map.entry("cpuperiod", "--cpu-period"), Map.entry("cpuquota", "--cpu-quota"),
            Map.entry("shmsize", "--shm-size"), Map.entry("squash", "--squash"),
            Map.entry("extrahosts", "--add-host"), Map.entry("ulimits", "--ulimit"),
            Map.entry("isolation", "--isolation"), Map.entry("cgroupparent", "--cgroup-parent"),
            Map.entry("securityopt", "--security-opt"), Map.entry("outputs", "--output"));
    private final Vertx vertx;
    private final StepStore images;
    private final StepRunner containers;
    private final Path tempDir;

    public BuildRoute(Vertx vertx, StepStore images, StepRunner containers, Path tempDir) {
        this.vertx = vertx;
        this.images = images;
        this.containers = containers;
        this.tempDir = tempDir;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/build", this::handle);
    }

    public Future<Void> handle(Exchange ex) {
        BuildOptions options = options(ex);
        List<ImageRef> tags = new ArrayList<>();
        for (String t : options.tags()) {
            tags.add(ImageRef.parse(t));
        }
        ex.request().pause();
        return spool(ex).compose(context -> prepare(context, options).compose(plan -> {
            HttpServerResponse response = ex.response().setStatusCode(200).setChunked(true)
                    .putHeader("Content-Type", DockerJson.CONTENT_TYPE);
            BuildOutput out = new BuildOutput(line -> {
                if (!response.closed() && !response.ended()) {
                    response.write(line);
                }
            }, options.quiet());
            Builder builder = new Builder(vertx, images, containers, tempDir, options, out, context.root(), plan.escape());
            response.closeHandler(v -> builder.cancel());
            return builder.run(plan.instructions())
                    .compose(image -> {
                        if (image.scratch()) {
                            return Future.failedFuture(new BuildFailure("No image was generated. Is your Dockerfile empty?"));
                        }
                        List<String> unused = builder.unusedArgs();
                        if (!unused.isEmpty()) {
                            out.stream("[Warning] One or more build-args " + StepText.plain(unused)
                                    + " were not consumed\n");
                        }
                        out.stream("Successfully built " + image.shortId() + "\n");
                        return builder.tag(image, tags).map(v -> image);
                    })
                    .transform(ar -> {
                        if (ar.succeeded()) {
                            out.built(ar.result().id());
                        } else if (ar.cause() instanceof BuildFailure f) {
                            out.error(f.code(), f.getMessage());
                        } else {
                            out.error(0, ar.cause().getMessage() == null ? ar.cause().toString() : ar.cause().getMessage());
                        }
                        return response.closed() || response.ended() ? Future.<Void>succeededFuture() : response.end();
                    });
        }).eventually(() -> vertx.executeBlocking(() -> {
            context.delete();
            return null;
        }, false)));
    }

    /** The Dockerfile read (before {@code .dockerignore} may remove it) and parsed; then the ignored paths go. */
    private Future<Plan> prepare(BuildContext context, BuildOptions options) {
        return vertx.executeBlocking(() -> {
            String name = options.dockerfile();
            Path file;
            try {
                file = BuildContext.inside(context.root(), LexicalPath.clean(name));
            } catch (java.io.IOException e) {
                throw ApiError.badRequest("Cannot locate specified Dockerfile: " + name);
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw ApiError.badRequest("Cannot locate specified Dockerfile: " + name);
            }
            String text = Files.readString(file);
            List<Instruction> instructions = DockerfileParser.parse(text);
            if (instructions.isEmpty()) {
                throw ApiError.badRequest("the Dockerfile (" + name + ") cannot be empty");
            }
            List<Instruction> meta = new ArrayList<>();
            Builder.needed(Builder.stages(instructions, meta), options.target());
            context.applyIgnore();
            return new Plan(instructions, DockerfileParser.escapeOf(text));
        }, false);
    }

    private record Plan(List<Instruction> instructions, char escape) {
    }

    /** The request body (the context tar) into a temp file, then unpacked; the file goes either way. */
    private Future<BuildContext> spool(Exchange ex) {
        return vertx.executeBlocking(() -> Files.createTempFile(tempDir, "berth-context-", ".tar"), false)
                .compose(file -> vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true))
                        .compose(f -> ex.request().pipeTo(f))
                        .compose(v -> vertx.executeBlocking(() -> {
                            try (InputStream in = Files.newInputStream(file)) {
                                return BuildContext.unpack(in, tempDir);
                            } catch (java.io.IOException e) {
                                throw ApiError.badRequest("the build context is not a tar archive: " + e.getMessage());
                            }
                        }, false))
                        .eventually(() -> vertx.executeBlocking(() -> Files.deleteIfExists(file), false)));
    }

    static BuildOptions options(Exchange ex) {
        for (String name : ex.request().params().names()) {
            String value = ex.query(name);
            if (HONOURED.contains(name)) {
                continue;
            }
            if (value == null || value.isEmpty() || value.equals("0") || value.equalsIgnoreCase("false")
                    || value.equals("{}") || value.equals("[]") || value.equals("null")) {
                continue;
            }
            throw ApiError.badRequest("Berth does not support " + name + " (docker build "
                    + FLAG_OF.getOrDefault(name, "--" + name) + "): refusing to build without it");
        }
        String cacheFrom = ex.query("cachefrom");
        if (cacheFrom != null && !cacheFrom.isBlank() && !cacheFrom.strip().equals("[]") && !cacheFrom.equals("null")) {
            throw ApiError.badRequest("Berth does not support cachefrom (docker build --cache-from): its step cache"
                    + " is shared by every node already; refusing to build with another");
        }
        String platform = ex.query("platform");
        if (platform != null && !platform.isBlank() && !platform.strip().equalsIgnoreCase("linux")
                && !platform.strip().equalsIgnoreCase("linux/amd64")) {
            throw ApiError.badRequest("Berth does not support platform " + platform
                    + " (docker build --platform): its nodes build linux/amd64 only");
        }
        String dockerfile = ex.query("dockerfile");
        String rm = ex.query("rm");
        return new BuildOptions(dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile,
                ex.request().params().getAll("t").stream().filter(t -> !t.isEmpty()).toList(),
                jsonMap(ex.query("buildargs"), "buildargs"), ex.query("target") == null ? "" : ex.query("target"),
                jsonMap(ex.query("labels"), "labels"), ex.flag("nocache"),
                rm == null || rm.isEmpty() || QueryFlags.isTrue(rm), ex.flag("q"), ex.query("networkmode"));
    }

    private static Map<String, String> jsonMap(String text, String name) {
        if (text == null || text.isBlank() || text.equals("null")) {
            return Map.of();
        }
        try {
            Map<String, String> parsed = Json.MAPPER.readValue(text, new TypeReference<LinkedHashMap<String, String>>() {
            });
            return parsed == null ? Map.of() : java.util.Collections.unmodifiableMap(parsed);
        } catch (Exception e) {
            throw ApiError.badRequest("invalid " + name + ": " + e.getMessage());
        }
    }
}
