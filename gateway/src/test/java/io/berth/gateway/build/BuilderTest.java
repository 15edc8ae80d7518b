package io.berth.gateway.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.events.Json;
import io.berth.events.spec.Digest;
import io.berth.events.spec.LayerRef;
import io.berth.gateway.archive.LayerFile;
import io.berth.gateway.image.ImageRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The builder's steps against a recording store and runner: output, history, config, cache, failures, stages. */
class BuilderTest {
    private Vertx vertx;
    private Path context;
    private Path temp;
    private final RecordingStore store = new RecordingStore();
    private final RecordingRunner runner = new RecordingRunner();

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        context = Files.createTempDirectory("builder-ctx");
        temp = Files.createTempDirectory("builder-tmp");
        Files.writeString(context.resolve("file.txt"), "v1\n");
    }

    @AfterEach
    void tearDown() {
        vertx.close();
        BuildContext.deleteTree(context);
        BuildContext.deleteTree(temp);
    }

    private record Built(StepImage image, List<String> lines) {
    }

    private Built build(String dockerfile, Map<String, String> args, String target, boolean noCache) throws Exception {
        List<String> lines = new ArrayList<>();
        BuildOptions options = new BuildOptions("Dockerfile", List.of(), args, target, Map.of(), noCache, true, false, null);
        BuildOutput out = new BuildOutput(line -> lines.add(Json.read(line.strip(), JsonNode.class).path("stream").asText()), false);
        Builder builder = new Builder(vertx, store, runner, temp, options, out, context, '\\');
        StepImage image = builder.run(DockerfileParser.parse(dockerfile)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        return new Built(image, lines);
    }

    private static final String FILE = """
            FROM busybox
            ARG GREETING=hello
            ENV APP=/app MODE=prod
            WORKDIR $APP
            COPY file.txt ./
            RUN echo "$GREETING" > built.txt
            CMD ["cat", "built.txt"]
            """;

    @Test
    void stepsMakeTheConfigHistoryAndContainersDockerdWould() throws Exception {
        Built built = build(FILE, Map.of(), "", false);
        String text = String.join("", built.lines());
        assertTrue(text.startsWith("Step 1/7 : FROM busybox\n ---> 0123456789ab\nStep 2/7 : ARG GREETING=hello\n"), text);
        assertTrue(text.contains(" ---> Running in c00000000001\nran\nRemoving intermediate container c00000000001\n"), text);
        ObjectNode config = built.image().config();
        JsonNode runtime = config.get("config");
        assertEquals("[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"APP=/app\",\"MODE=prod\"]",
                runtime.get("Env").toString());
        assertEquals("/app", runtime.get("WorkingDir").asText());
        assertEquals("[\"cat\",\"built.txt\"]", runtime.get("Cmd").toString());
        List<String> history = new ArrayList<>();
        config.get("history").forEach(h -> history.add(h.get("created_by").asText()));
        assertEquals(6, history.size(), String.join("\n", history));
        assertEquals("/bin/sh -c #(nop)  ARG GREETING=hello", history.get(0));
        assertEquals("/bin/sh -c #(nop)  ENV APP=/app MODE=prod", history.get(1));
        assertEquals("/bin/sh -c #(nop) WORKDIR /app", history.get(2));
        assertTrue(history.get(3).matches("/bin/sh -c #\\(nop\\) COPY file:[0-9a-f]{64} in /app/ "), history.get(3));
        assertEquals("|1 GREETING=hello /bin/sh -c echo \"$GREETING\" > built.txt", history.get(4));
        assertEquals("/bin/sh -c #(nop)  CMD [\"cat\" \"built.txt\"]", history.get(5));
        assertTrue(config.get("history").get(5).get("empty_layer").asBoolean());
        assertEquals(3 + 1, config.get("rootfs").get("diff_ids").size(), "base + WORKDIR, COPY, RUN");

        RecordingRunner.Created run = runner.created.get(0);
        assertEquals(List.of("/bin/sh", "-c", "echo \"$GREETING\" > built.txt"), run.cmd());
        assertTrue(run.env().contains("GREETING=hello") && run.env().contains("MODE=prod"), run.env().toString());
        assertEquals("/app", run.workdir());
        assertEquals(List.of("c00000000001"), runner.removed.stream().map(id -> id.substring(0, 12)).toList());
    }

    @Test
    void aRebuildReusesEveryStepAndAChangedFileInvalidatesFromItsCopyOn() throws Exception {
        Built first = build(FILE, Map.of(), "", false);
        Built again = build(FILE, Map.of(), "", false);
        assertEquals(first.image().id(), again.image().id());
        assertEquals(6, again.lines().stream().filter(" ---> Using cache\n"::equals).count());
        assertEquals(1, runner.created.size(), "no container the second time");

        Built arg = build(FILE, Map.of("GREETING", "hey"), "", false);
        assertEquals(5 - 1, arg.lines().stream().filter(" ---> Using cache\n"::equals).count(),
                "a build arg changes the RUN (and what follows), not the ARG's own step");

        Files.writeString(context.resolve("file.txt"), "v2\n");
        Built changed = build(FILE, Map.of(), "", false);
        String text = String.join("", changed.lines());
        String afterCopy = text.substring(text.indexOf("Step 5/7"));
        assertFalse(afterCopy.contains("Using cache"), text);
        assertEquals(3, changed.lines().stream().filter(" ---> Using cache\n"::equals).count(), text);

        Built noCache = build(FILE, Map.of(), "", true);
        assertFalse(noCache.lines().contains(" ---> Using cache\n"));
    }

    @Test
    void aFailingRunStopsWithItsCodeAndItsContainerGoes() {
        runner.exitCode = 3;
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> build("FROM busybox\nRUN echo start && exit 3\n", Map.of(), "", false));
        BuildFailure failure = assertInstanceOf(BuildFailure.class, e.getCause());
        assertEquals(3, failure.code());
        assertEquals("The command '/bin/sh -c echo start && exit 3' returned a non-zero code: 3", failure.getMessage());
        assertEquals(1, runner.removed.size(), "the failed step's container is removed");
        assertTrue(store.published.isEmpty(), "nothing stored for the failed step");
    }

    @Test
    void onlyTheStagesTheTargetNeedsRun() throws Exception {
        Built built = build("""
                FROM busybox AS b
                RUN echo b
                FROM busybox AS unused
                RUN echo unused
                FROM busybox AS final
                COPY --from=b /out.txt /final.txt
                FROM final
                RUN echo later
                """, Map.of(), "final", false);
        List<List<String>> commands = runner.created.stream().map(RecordingRunner.Created::cmd).toList();
        assertEquals(List.of(List.of("/bin/sh", "-c", "echo b"), List.of("/berth-build-copy")), commands);
        assertTrue(String.join("", built.lines()).contains("Step 4/4 : COPY --from=b /out.txt /final.txt"));
        assertEquals(2, runner.removed.size(), "the RUN's and the COPY --from's containers");
    }

    /** A store in memory: step images are kept by key; IDs are the config's digest, as in the image store. */
    static final class RecordingStore implements StepStore {
        final Map<String, StepImage> byKey = new HashMap<>();
        final List<String> published = new ArrayList<>();

        @Override
        public Future<StepImage> base(String name) {
            ObjectNode config = Json.MAPPER.createObjectNode();
            config.putObject("config").putArray("Cmd").add("sh");
            config.putObject("rootfs").putArray("diff_ids").add("sha256:" + "1".repeat(64));
            return Future.succeededFuture(new StepImage(ImageRef.parse(name), "sha256:" + "2".repeat(64),
                    "sha256:0123456789ab" + "0".repeat(52), config,
                    List.of(new LayerRef("sha256:" + "3".repeat(64), LayerFile.MEDIA_TYPE, 10))));
        }

        @Override
        public Future<Optional<StepImage>> cached(String key) {
            return Future.succeededFuture(Optional.ofNullable(byKey.get(key)));
        }

        @Override
        public Future<StepImage> publish(String key, ObjectNode config, StepImage parent, LayerFile layer) {
            List<LayerRef> layers = new ArrayList<>(parent.layers());
            if (layer != null) {
                layers.add(layer.ref());
            }
            StepImage image = new StepImage(StepImages.cacheRef(key), "sha256:" + "4".repeat(64),
                    Digest.of(Json.bytes(config)).toString(), config, layers);
            byKey.put(key, image);
            published.add(key);
            return Future.succeededFuture(image);
        }

        @Override
        public Future<Void> tag(StepImage image, ImageRef target) {
            return Future.succeededFuture();
        }
    }

    /** Containers that run at once with a set exit code and write "ran"; layers are empty tars. */
    final class RecordingRunner implements StepRunner {
        record Created(String id, List<String> cmd, List<String> env, String workdir) {
        }

        final List<Created> created = new ArrayList<>();
        final List<String> removed = new ArrayList<>();
        int exitCode;

        @Override
        public Future<String> create(StepImage image, List<String> cmd, List<String> env, String user, String workdir,
                                     String networkMode) {
            String id = String.format("c%011d", created.size() + 1) + "f".repeat(52);
            created.add(new Created(id, cmd, env, workdir));
            return Future.succeededFuture(id);
        }

        @Override
        public Future<Integer> run(String id) {
            return Future.succeededFuture(exitCode);
        }

        @Override
        public Future<Buffer> output(String id) {
            return Future.succeededFuture(Buffer.buffer("ran\n"));
        }

        @Override
        public Future<LayerFile> layer(String id) {
            return Future.succeededFuture(LayerFile.write(new ByteArrayInputStream(new byte[1024]), temp, true));
        }

        @Override
        public Future<Path> archive(String id, String path) {
            try {
                Path tar = Files.createTempFile(temp, "archive", ".tar");
                try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(Files.newOutputStream(tar))) {
                    var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(Path.of(path).getFileName().toString());
                    e.setSize(2);
                    out.putArchiveEntry(e);
                    out.write("b\n".getBytes());
                    out.closeArchiveEntry();
                }
                return Future.succeededFuture(tar);
            } catch (java.io.IOException e) {
                return Future.failedFuture(e);
            }
        }

        @Override
        public Future<Void> remove(String id) {
            removed.add(id);
            return Future.succeededFuture();
        }
    }
}
