package io.berth.gateway.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.events.path.LexicalPath;
import io.berth.gateway.archive.LayerFile;
import io.berth.gateway.image.ImageRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a parsed Dockerfile, step by step, as the classic builder does: each step starts from the previous step's
 * image and makes a new one (stored under its cache key), metadata steps change only the config, RUN runs in a
 * container on a node and keeps its upper directory as a layer, COPY/ADD/WORKDIR write a layer here. A step whose
 * key is in the store is reused ({@code Using cache}). Only the stages the target needs run.
 */
public final class Builder {
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Set<String> PREDEFINED_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY",
            "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");
    private final Vertx vertx;
    private final StepStore images;
    private final StepRunner containers;
    private final Path tempDir;
    private final BuildOptions options;
    private final BuildOutput out;
    private final Path context;
    private final char escape;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Set<String> consumedArgs = new HashSet<>();
    private final Map<String, StepImage> finished = new LinkedHashMap<>();
    private volatile String runningContainer;
    private int step;
    private int total;

    /** One stage of a Dockerfile. */
    record Stage(int index, String name, Instruction from, List<Instruction> body) {
    }

    /** What a stage has made so far. */
    private static final class State {
        StepImage image;
        ObjectNode config;
        final Map<String, String> args = new LinkedHashMap<>();
        boolean cmdSet;
    }

    public Builder(Vertx vertx, StepStore images, StepRunner containers, Path tempDir, BuildOptions options,
                   BuildOutput out, Path context, char escape) {
        this.vertx = vertx;
        this.images = images;
        this.containers = containers;
        this.tempDir = tempDir;
        this.options = options;
        this.out = out;
        this.context = context;
        this.escape = escape;
    }

    /** Stops the build at the next step; a running step's container is removed at once. */
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            String id = runningContainer;
            if (id != null) {
                containers.remove(id);
            }
        }
    }

    /** The stages of {@code instructions} and the ARGs before the first FROM. */
    static List<Stage> stages(List<Instruction> instructions, List<Instruction> metaArgs) {
        List<Stage> stages = new ArrayList<>();
        Instruction from = null;
        List<Instruction> body = null;
        for (Instruction i : instructions) {
            if (i.keyword().equals("from")) {
                if (from != null) {
                    stages.add(stage(stages.size(), from, body));
                }
                from = i;
                body = new ArrayList<>();
            } else if (from == null) {
                if (!i.keyword().equals("arg")) {
                    throw DockerfileParser.error(i.line(), "no build stage in current context");
                }
                metaArgs.add(i);
            } else {
                body.add(i);
            }
        }
        if (from == null) {
            throw DockerfileParser.error(instructions.isEmpty() ? 1 : instructions.get(0).line(),
                    "no build stage in current context");
        }
        stages.add(stage(stages.size(), from, body));
        return stages;
    }

    private static Stage stage(int index, Instruction from, List<Instruction> body) {
        List<String> words = ShellWords.split(from.args(), '\\');
        String name = words.size() == 3 ? words.get(2).toLowerCase(Locale.ROOT) : null;
        return new Stage(index, name, from, List.copyOf(body));
    }

    /** The stages {@code target} needs, in file order. */
    static List<Stage> needed(List<Stage> stages, String target) {
        Stage last = stages.get(stages.size() - 1);
        if (target != null && !target.isEmpty()) {
            last = stages.stream().filter(s -> target.equalsIgnoreCase(s.name())).findFirst()
                    .orElseThrow(() -> io.berth.gateway.http.ApiError.badRequest(
                            "failed to reach build target " + target + " in Dockerfile"));
        }
        Set<Integer> need = new LinkedHashSet<>();
        List<Stage> todo = new ArrayList<>(List.of(last));
        while (!todo.isEmpty()) {
            Stage s = todo.remove(todo.size() - 1);
            if (!need.add(s.index())) {
                continue;
            }
            String base = ShellWords.split(s.from().args(), '\\').get(0).toLowerCase(Locale.ROOT);
            stageNamed(stages, base, s.index()).ifPresent(todo::add);
            for (Instruction i : s.body()) {
                String from = i.flag("from");
                if (i.keyword().equals("copy") && from != null) {
                    stageNamed(stages, from.toLowerCase(Locale.ROOT), s.index()).ifPresent(todo::add);
                }
            }
        }
        int end = last.index();
        return stages.stream().filter(s -> need.contains(s.index()) && s.index() <= end).toList();
    }

    private static java.util.Optional<Stage> stageNamed(List<Stage> stages, String ref, int before) {
        for (Stage s : stages) {
            if (s.index() < before && (ref.equals(s.name()) || ref.equals(String.valueOf(s.index())))) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }

    /** Runs every step; answers the final image (not yet tagged). */
    public Future<StepImage> run(List<Instruction> instructions) {
        List<Instruction> metaArgs = new ArrayList<>();
        List<Stage> stages = stages(instructions, metaArgs);
        List<Stage> needed = needed(stages, options.target());
        total = metaArgs.size() + needed.stream().mapToInt(s -> 1 + s.body().size()).sum()
                + (options.labels().isEmpty() ? 0 : 1);
        Map<String, String> meta = new LinkedHashMap<>();
        for (Instruction a : metaArgs) {
            header(a);
            declare(a, meta, meta::get);
        }
        Future<StepImage> chain = Future.succeededFuture();
        for (int s = 0; s < needed.size(); s++) {
            Stage stage = needed.get(s);
            boolean lastStage = s == needed.size() - 1;
            chain = chain.compose(v -> runStage(stage, meta, lastStage));
        }
        return chain;
    }

    private Future<StepImage> runStage(Stage stage, Map<String, String> meta, boolean lastStage) {
        State state = new State();
        header(stage.from());
        Future<Void> chain = from(stage, state, meta);
        for (Instruction i : stage.body()) {
            chain = chain.compose(v -> {
                checkCancelled();
                header(i);
                return dispatch(i, state);
            });
        }
        if (lastStage && !options.labels().isEmpty()) {
            chain = chain.compose(v -> {
                String text = "LABEL " + StepText.pairs(options.labels());
                out.stream("Step " + (++step) + "/" + total + " : " + text);
                out.stream("\n");
                Map<String, String> labels = new LinkedHashMap<>(options.labels());
                return commit(state, StepText.metadata(text), List.of(), null, c -> {
                    ObjectNode l = object(c, "Labels");
                    labels.forEach(l::put);
                });
            });
        }
        return chain.map(v -> {
            finished.put(String.valueOf(stage.index()), state.image);
            if (stage.name() != null) {
                finished.put(stage.name(), state.image);
            }
            if (!state.image.scratch()) {
                out.aux(state.image.id());
            }
            return state.image;
        });
    }

    private void header(Instruction i) {
        out.stream("Step " + (++step) + "/" + total + " : " + i.original());
        out.stream("\n");
    }

    private void checkCancelled() {
        if (cancelled.get()) {
            throw new BuildFailure("the build was cancelled: the client went away");
        }
    }

    /** FROM: a stage made earlier, {@code scratch}, or an image of the store; then its ONBUILD triggers. */
    private Future<Void> from(Stage stage, State state, Map<String, String> meta) {
        String name;
        try {
            name = ShellWords.words(stage.from().args(), escape, meta::get).get(0);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new BuildFailure(e.getMessage()));
        }
        StepImage earlier = finished.get(name.toLowerCase(Locale.ROOT));
        Future<StepImage> base = earlier != null && !name.matches("\\d+") ? Future.succeededFuture(earlier)
                : images.base(name);
        return base.compose(image -> {
            state.image = image;
            state.config = image.config().deepCopy();
            ObjectNode runtime = runtime(state.config);
            List<String> env = strings(runtime.get("Env"));
            if (env.stream().noneMatch(e -> e.startsWith("PATH="))) {
                env.add(0, DEFAULT_PATH);
                runtime.set("Env", Json.MAPPER.valueToTree(env));
            }
            List<String> triggers = strings(runtime.get("OnBuild"));
            runtime.putNull("OnBuild");
            out.stream(" ---> " + (image.scratch() ? "" : image.shortId()) + "\n");
            Future<Void> chain = Future.succeededFuture();
            if (!triggers.isEmpty()) {
                out.stream("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s") + "\n");
                for (String trigger : triggers) {
                    chain = chain.compose(v -> {
                        List<Instruction> parsed = DockerfileParser.parse(trigger);
                        Future<Void> c = Future.succeededFuture();
                        for (Instruction t : parsed) {
                            c = c.compose(x -> dispatch(t, state));
                        }
                        return c;
                    });
                }
            }
            return chain;
        });
    }

    private Future<Void> dispatch(Instruction i, State state) {
        try {
            return switch (i.keyword()) {
                case "run" -> run(i, state);
                case "copy", "add" -> copy(i, state);
                case "workdir" -> workdir(i, state);
                default -> metadata(i, state);
            };
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new BuildFailure(e.getMessage()));
        }
    }

    /** Variables as a step sees them: the config's ENV first, then the build args in scope. */
    private Function<String, String> lookup(State state) {
        Map<String, String> env = envMap(runtime(state.config));
        return name -> env.containsKey(name) ? env.get(name) : state.args.get(name);
    }

    private Future<Void> metadata(Instruction i, State state) {
        ObjectNode runtime = runtime(state.config);
        Function<String, String> lookup = lookup(state);
        switch (i.keyword()) {
            case "env" -> {
                Map<String, String> pairs = pairs(i, lookup);
                return commit(state, StepText.metadata("ENV " + StepText.pairs(pairs)), List.of(), null, c -> {
                    Map<String, String> env = envMap(c);
                    env.putAll(pairs);
                    ArrayNode list = c.putArray("Env");
                    env.forEach((k, v) -> list.add(k + "=" + v));
                });
            }
            case "label" -> {
                Map<String, String> pairs = pairs(i, lookup);
                return commit(state, StepText.metadata("LABEL " + StepText.pairs(pairs)), List.of(), null, c -> {
                    ObjectNode labels = object(c, "Labels");
                    pairs.forEach(labels::put);
                });
            }
            case "arg" -> {
                declare(i, state.args, name -> null);
                return commit(state, StepText.metadata(i.original().replaceFirst("^\\S+", "ARG")), List.of(), null, c -> {
                });
            }
            case "user" -> {
                String user = ShellWords.word(i.args(), escape, lookup);
                return commit(state, StepText.metadata("USER " + user), List.of(), null, c -> c.put("User", user));
            }
            case "stopsignal" -> {
                String signal = ShellWords.word(i.args(), escape, lookup);
                return commit(state, StepText.metadata("STOPSIGNAL " + signal), List.of(), null,
                        c -> c.put("StopSignal", signal));
            }
            case "expose" -> {
                List<String> ports = new ArrayList<>();
                for (String p : ShellWords.words(i.args(), escape, lookup)) {
                    ports.add(p.contains("/") ? p.toLowerCase(Locale.ROOT) : p + "/tcp");
                }
                return commit(state, StepText.metadata("EXPOSE " + StepText.portMap(ports)), List.of(), null, c -> {
                    ObjectNode exposed = object(c, "ExposedPorts");
                    ports.forEach(p -> exposed.putObject(p));
                });
            }
            case "volume" -> {
                List<String> paths = i.json() != null ? i.json().stream().map(w -> ShellWords.word(w, escape, lookup)).toList()
                        : ShellWords.words(i.args(), escape, lookup);
                return commit(state, StepText.metadata("VOLUME " + StepText.plain(paths)), List.of(), null, c -> {
                    ObjectNode volumes = object(c, "Volumes");
                    paths.forEach(p -> volumes.putObject(p));
                });
            }
            case "cmd", "entrypoint" -> {
                List<String> command = i.json() != null ? i.json() : shellOf(runtime, i.args());
                String key = i.keyword().equals("cmd") ? "Cmd" : "Entrypoint";
                boolean resetCmd = key.equals("Entrypoint") && !state.cmdSet;
                if (key.equals("Cmd")) {
                    state.cmdSet = true;
                }
                return commit(state, StepText.metadata(key.toUpperCase(Locale.ROOT) + " " + StepText.quoted(command)),
                        List.of(), null, c -> {
                            c.set(key, Json.MAPPER.valueToTree(command));
                            if (resetCmd) {
                                c.putNull("Cmd");
                            }
                        });
            }
            case "shell" -> {
                return commit(state, StepText.metadata("SHELL " + StepText.plain(i.json())), List.of(), null,
                        c -> c.set("Shell", Json.MAPPER.valueToTree(i.json())));
            }
            case "maintainer" -> {
                String who = ShellWords.word(i.args(), escape, lookup);
                return commit(state, StepText.metadata("MAINTAINER " + who), List.of(), null, c -> {
                }).onSuccess(v -> {
                });
            }
            case "onbuild" -> {
                String trigger = i.args().strip();
                return commit(state, StepText.metadata("ONBUILD " + trigger), List.of(), null, c -> {
                    ArrayNode list = c.has("OnBuild") && c.get("OnBuild").isArray()
                            ? (ArrayNode) c.get("OnBuild") : c.putArray("OnBuild");
                    list.add(trigger);
                });
            }
            case "healthcheck" -> {
                ObjectNode health = Healthcheck.of(i);
                return commit(state, StepText.metadata("HEALTHCHECK " + Healthcheck.text(health)), List.of(), null,
                        c -> c.set("Healthcheck", health));
            }
            default -> throw new BuildFailure("unknown instruction: " + i.keyword());
        }
    }

    /** ARG name[=default] …: a build arg's value wins over the default; without either, the meta value. */
    private void declare(Instruction i, Map<String, String> scope, Function<String, String> meta) {
        for (String word : ShellWords.split(i.args(), escape)) {
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            String value;
            if (options.buildArgs().containsKey(name) && options.buildArgs().get(name) != null) {
                value = options.buildArgs().get(name);
            } else if (eq >= 0) {
                value = ShellWords.word(word.substring(eq + 1), escape, scope::get);
            } else {
                value = meta.apply(name);
            }
            consumedArgs.add(name);
            scope.put(name, value);
        }
    }

    private Map<String, String> pairs(Instruction i, Function<String, String> lookup) {
        Map<String, String> pairs = new LinkedHashMap<>();
        List<String> raw = ShellWords.split(i.args(), escape);
        if (!raw.get(0).contains("=")) {
            String rest = i.args().strip().substring(i.args().strip().indexOf(raw.get(0)) + raw.get(0).length()).strip();
            pairs.put(raw.get(0), ShellWords.word(rest, escape, lookup));
            return pairs;
        }
        for (String word : ShellWords.words(i.args(), escape, lookup)) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new BuildFailure(i.keyword().toUpperCase(Locale.ROOT) + " names can not be blank");
            }
            pairs.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return pairs;
    }

    private static List<String> shellOf(ObjectNode runtime, String command) {
        List<String> shell = strings(runtime.get("Shell"));
        if (shell.isEmpty()) {
            shell = new ArrayList<>(List.of("/bin/sh", "-c"));
        }
        shell.add(command);
        return shell;
    }

    /** RUN: a container of the current image runs the command; its changes are the new layer. */
    private Future<Void> run(Instruction i, State state) {
        ObjectNode runtime = runtime(state.config);
        List<String> cmd = i.json() != null ? i.json() : shellOf(runtime, i.args());
        Map<String, String> env = envMap(runtime);
        List<String> args = new ArrayList<>();
        state.args.forEach((k, v) -> {
            if (v != null && !env.containsKey(k)) {
                args.add(k + "=" + v);
            }
        });
        String createdBy = StepText.run(args, cmd);
        List<String> containerEnv = new ArrayList<>(strings(runtime.get("Env")));
        containerEnv.addAll(args);
        String user = runtime.path("User").asText("");
        String workdir = runtime.path("WorkingDir").asText("");
        return commit(state, createdBy, List.of(), () -> containers.create(state.image, cmd, containerEnv, user,
                workdir, options.networkMode()).compose(id -> {
            runningContainer = id;
            out.stream(" ---> Running in " + id.substring(0, 12) + "\n");
            if (cancelled.get()) {
                containers.remove(id);
            }
            return containers.run(id)
                    .compose(code -> containers.output(id).map(output -> {
                        String text = output.toString();
                        if (!text.isEmpty()) {
                            out.stream(text);
                        }
                        return code;
                    }))
                    .compose(code -> {
                        checkCancelled();
                        if (code != 0) {
                            return Future.<LayerFile>failedFuture(new BuildFailure(code, "The command '"
                                    + String.join(" ", cmd) + "' returned a non-zero code: " + code));
                        }
                        return containers.layer(id);
                    })
                    .transform(ar -> {
                        runningContainer = null;
                        if (ar.succeeded() && !options.remove()) {
                            return Future.succeededFuture(ar.result());
                        }
                        return containers.remove(id).transform(x -> {
                            if (ar.succeeded()) {
                                out.stream("Removing intermediate container " + id.substring(0, 12) + "\n");
                                return Future.succeededFuture(ar.result());
                            }
                            return Future.<LayerFile>failedFuture(ar.cause());
                        });
                    });
        }), c -> {
        });
    }

    /** WORKDIR: the config's working directory and a layer that makes it. */
    private Future<Void> workdir(Instruction i, State state) {
        ObjectNode runtime = runtime(state.config);
        String dir = ShellWords.word(i.args(), escape, lookup(state));
        String path = absolute(dir, runtime.path("WorkingDir").asText(""));
        return commit(state, StepText.workdir(path), List.of(), () -> vertx.executeBlocking(() -> {
            Path tar = CopyLayer.directory(path, tempDir);
            return gzip(tar);
        }, false), c -> c.put("WorkingDir", path));
    }

    /** COPY/ADD from the context or, with {@code --from}, from a stage or an image (read by {@code docker cp}). */
    private Future<Void> copy(Instruction i, State state) {
        ObjectNode runtime = runtime(state.config);
        Function<String, String> lookup = lookup(state);
        List<String> words = i.json() != null ? i.json().stream().map(w -> ShellWords.word(w, escape, lookup)).toList()
                : ShellWords.words(i.args(), escape, lookup);
        String command = i.keyword().toUpperCase(Locale.ROOT);
        List<String> sources = words.subList(0, words.size() - 1);
        String dest = words.get(words.size() - 1);
        String workdir = runtime.path("WorkingDir").asText("");
        String target = absolute(dest, workdir) + (dest.endsWith("/") && !dest.equals("/") ? "/" : "");
        int[] owner = owner(i.flag("chown") == null ? null : ShellWords.word(i.flag("chown"), escape, lookup));
        Integer mode = i.flag("chmod") == null ? null : chmod(i.flag("chmod"));
        StringBuilder flags = new StringBuilder();
        if (i.flag("chown") != null) {
            flags.append("--chown=").append(i.flag("chown")).append(' ');
        }
        if (i.flag("chmod") != null) {
            flags.append("--chmod=").append(i.flag("chmod")).append(' ');
        }
        String from = i.flag("from");
        Future<Path> root = from == null ? Future.succeededFuture(context) : fromRoot(from, sources);
        List<String> relative = from == null ? sources
                : sources.stream().map(s -> Path.of(s).getFileName() == null ? "." : Path.of(s).getFileName().toString()).toList();
        return root.compose(dir -> vertx.executeBlocking(() -> CopyLayer.write(dir, relative, target, command,
                        owner[0], owner[1], mode, tempDir), false)
                .eventually(() -> from == null ? Future.succeededFuture()
                        : vertx.executeBlocking(() -> {
                    BuildContext.deleteTree(dir);
                    return null;
                }, false))
                .compose(result -> {
                    String createdBy = StepText.copy(command, flags.toString(), result.hash(), target);
                    return commit(state, createdBy, List.of(), () -> vertx.executeBlocking(() -> gzip(result.tar()), false),
                            c -> {
                            }).eventually(() -> vertx.executeBlocking(() -> Files.deleteIfExists(result.tar()), false));
                }));
    }

    /** The paths {@code sources} of a stage or image, read through a created (never started) container. */
    private Future<Path> fromRoot(String from, List<String> sources) {
        StepImage stage = finished.get(from.toLowerCase(Locale.ROOT));
        Future<StepImage> image = stage != null ? Future.succeededFuture(stage) : images.base(from);
        return image.compose(img -> {
            if (img.scratch()) {
                return Future.failedFuture(new BuildFailure("COPY failed: stage " + from + " is empty"));
            }
            return vertx.executeBlocking(() -> Files.createTempDirectory(tempDir, "berth-from-"), false)
                    .compose(dir -> containers.create(img, List.of("/berth-build-copy"), List.of(), "", "", "none")
                            .compose(id -> {
                                Future<Void> chain = Future.succeededFuture();
                                for (String source : sources) {
                                    String path = source.startsWith("/") ? source : "/" + source;
                                    chain = chain.compose(v -> containers.archive(id, path).compose(tar ->
                                            vertx.executeBlocking(() -> {
                                                try (InputStream in = Files.newInputStream(tar)) {
                                                    BuildContext.unpackInto(in, dir);
                                                } finally {
                                                    Files.deleteIfExists(tar);
                                                }
                                                return null;
                                            }, false)));
                                }
                                return chain.eventually(() -> containers.remove(id));
                            })
                            .map(dir)
                            .recover(e -> vertx.executeBlocking(() -> {
                                BuildContext.deleteTree(dir);
                                return null;
                            }, false).transform(x -> Future.failedFuture(e))));
        });
    }

    private LayerFile gzip(Path tar) throws java.io.IOException {
        try (InputStream in = Files.newInputStream(tar)) {
            return LayerFile.write(in, tempDir, true);
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /**
     * One step's image: reused from the store when its key is there (unless {@code --no-cache}); else the
     * config changed by {@code change}, the layer {@code layer} makes (null: none), one history entry, stored.
     */
    private Future<Void> commit(State state, String createdBy, List<String> extras, Supplier<Future<LayerFile>> layer,
                                Consumer<ObjectNode> change) {
        checkCancelled();
        String key = CacheKey.of(state.image.id() + "\n" + Json.write(runtime(state.config)), createdBy, extras);
        Future<java.util.Optional<StepImage>> hit = options.noCache()
                ? Future.succeededFuture(java.util.Optional.empty()) : images.cached(key);
        return hit.compose(found -> {
            if (found.isPresent()) {
                out.stream(" ---> Using cache\n");
                return Future.succeededFuture(found.get());
            }
            ObjectNode config = state.config.deepCopy();
            change.accept(runtime(config));
            Future<LayerFile> made = layer == null ? Future.succeededFuture() : layer.get();
            return made.compose(file -> {
                String now = Instant.now().toString();
                config.put("created", now);
                ObjectNode history = Json.MAPPER.createObjectNode();
                history.put("created", now);
                history.put("created_by", createdBy);
                if (file == null) {
                    history.put("empty_layer", true);
                } else {
                    ObjectNode rootfs = config.has("rootfs") ? (ObjectNode) config.get("rootfs") : config.putObject("rootfs");
                    rootfs.put("type", "layers");
                    rootfs.withArray("diff_ids").add(file.diffId());
                }
                config.withArray("history").add(history);
                return images.publish(key, config, state.image, file)
                        .eventually(() -> file == null ? Future.succeededFuture()
                                : vertx.executeBlocking(() -> {
                            file.delete();
                            return null;
                        }, false));
            });
        }).map(image -> {
            state.image = image;
            state.config = image.config().deepCopy();
            out.stream(" ---> " + image.shortId() + "\n");
            return null;
        });
    }

    /** The build args given that no ARG declared (dockerd's warning), predefined proxy args aside. */
    public List<String> unusedArgs() {
        return options.buildArgs().keySet().stream()
                .filter(a -> !consumedArgs.contains(a) && !PREDEFINED_ARGS.contains(a)).sorted().toList();
    }

    static String absolute(String path, String workdir) {
        String joined = path.startsWith("/") ? path : (workdir.isEmpty() ? "/" : workdir) + "/" + path;
        String clean = "/" + LexicalPath.clean(joined);
        return clean;
    }

    private static int[] owner(String chown) {
        if (chown == null || chown.isEmpty()) {
            return new int[]{0, 0};
        }
        String[] parts = chown.split(":", 2);
        try {
            int uid = Integer.parseInt(parts[0]);
            int gid = parts.length > 1 ? Integer.parseInt(parts[1]) : uid;
            return new int[]{uid, gid};
        } catch (NumberFormatException e) {
            throw new BuildFailure("unable to convert uid/gid chown string to host mapping: Berth resolves only"
                    + " numeric --chown ids: " + chown);
        }
    }

    private static Integer chmod(String text) {
        try {
            int mode = Integer.parseInt(text, 8);
            if (mode < 0 || mode > 07777) {
                throw new NumberFormatException();
            }
            return mode;
        } catch (NumberFormatException e) {
            throw new BuildFailure("invalid chmod parameter: " + text);
        }
    }

    static ObjectNode runtime(ObjectNode config) {
        return config.has("config") && config.get("config").isObject()
                ? (ObjectNode) config.get("config") : config.putObject("config");
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.has(field) && parent.get(field).isObject() ? (ObjectNode) parent.get(field) : parent.putObject(field);
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    static Map<String, String> envMap(ObjectNode runtime) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : strings(runtime.get("Env"))) {
            int eq = e.indexOf('=');
            env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        return env;
    }

    /** The final image under each {@code t}. */
    public Future<Void> tag(StepImage image, List<ImageRef> refs) {
        Future<Void> chain = Future.succeededFuture();
        for (ImageRef ref : refs) {
            chain = chain.compose(v -> images.tag(image, ref)).onSuccess(v ->
                    out.stream("Successfully tagged " + ref.familiarName() + ":" + ref.tag() + "\n"));
        }
        return chain;
    }
}
