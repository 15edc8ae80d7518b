package io.berth.deploy.e2e;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docker build} through the classic builder protocol: every instruction, the step cache (a rebuild reuses
 * every step and gives the same ID; a changed file invalidates from its COPY on), multi-stage with
 * {@code --target} and {@code COPY --from}, deleted files, the builder's errors with nothing left behind, and
 * docker-py's and docker-compose's builds.
 */
@E2e
class BuildIT {
    private static final Duration BUILD = Duration.ofSeconds(240);
    private static final String[] SPOOL_PREFIXES = {"berth-build-", "berth-context-", "berth-copy-", "berth-from-",
            "berth-step-", "berth-workdir-"};
    private static DockerCli docker;
    private static MadeContainers made;
    private static DockerCli builder;
    private static Path work;
    private final List<String> images = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        builder = docker.withEnv("DOCKER_BUILDKIT", "0");
        work = Files.createTempDirectory("build-it-");
    }

    @AfterAll
    static void tearDown() throws IOException {
        TempTree.delete(work);
    }

    @AfterEach
    void removeImages() {
        made.removeAll();
        for (String image : images) {
            docker.run("rmi", "-f", image);
        }
    }

    private static String out(String... args) {
        return docker.ok(args).stdout().trim();
    }

    private static Path context(String name, String dockerfile) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        return dir;
    }

    private DockerCli.Result build(Path dir, String tag, String... extra) {
        images.add(tag);
        List<String> args = new ArrayList<>(List.of("build", "-t", tag));
        args.addAll(List.of(extra));
        args.add(dir.toString());
        return builder.run(BUILD, args.toArray(String[]::new));
    }

    private static final String EVERYTHING = """
            # syntax=docker/dockerfile:1
            # escape=\\
            ARG BASE=busybox
            FROM ${BASE} AS base
            ARG GREETING=hello
            ENV APP_HOME=/app \\
                APP_MODE=prod
            # a comment inside nothing
            WORKDIR /app
            COPY file.txt /app/file.txt
            COPY dir/ /app/dir/
            COPY --chown=1000:1000 --chmod=600 secret.txt ./
            ADD archive.tar /app/unpacked/
            COPY *.cfg /app/cfg/
            COPY . /app/ctx/
            RUN echo "$GREETING from build" > /app/built.txt \\
                && echo "mode=$APP_MODE" >> /app/built.txt
            SHELL ["/bin/sh", "-c"]
            LABEL org.example.title="wire test" version="1.0"
            EXPOSE 8080 9090/udp
            VOLUME ["/data"]
            STOPSIGNAL SIGINT
            HEALTHCHECK --interval=5s --timeout=3s CMD true
            ONBUILD RUN echo triggered > /tmp/onbuild.txt
            USER 1000:1000
            ENTRYPOINT ["/bin/sh", "-c"]
            CMD ["cat /app/built.txt"]
            """;

    private static Path everythingContext() throws IOException {
        Path dir = context("everything", EVERYTHING);
        Files.writeString(dir.resolve("file.txt"), "file one\n");
        Files.createDirectories(dir.resolve("dir/sub"));
        Files.writeString(dir.resolve("dir/a.txt"), "a\n");
        Files.writeString(dir.resolve("dir/sub/b.txt"), "b\n");
        Files.writeString(dir.resolve("secret.txt"), "s3cret\n");
        Files.writeString(dir.resolve("one.cfg"), "1\n");
        Files.writeString(dir.resolve("two.cfg"), "2\n");
        Files.writeString(dir.resolve("ignored.txt"), "must not reach the builder\n");
        Files.writeString(dir.resolve("debug.log"), "must not reach the builder\n");
        Files.writeString(dir.resolve(".dockerignore"), "ignored.txt\n*.log\n");
        try (OutputStream raw = Files.newOutputStream(dir.resolve("archive.tar"));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
            byte[] body = "from the archive\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("inner/packed.txt");
            entry.setSize(body.length);
            entry.setMode(0100644);
            tar.putArchiveEntry(entry);
            tar.write(body);
            tar.closeArchiveEntry();
        }
        return dir;
    }

    private static int steps(String output) {
        return (int) output.lines().filter(l -> l.startsWith("Step ")).count();
    }

    private static long cached(String output) {
        return output.lines().filter(l -> l.equals(" ---> Using cache")).count();
    }

    private static String builtId(String output) {
        return output.lines().filter(l -> l.startsWith("Successfully built ")).map(l -> l.substring(19).trim())
                .findFirst().orElseThrow(() -> new AssertionError("no 'Successfully built' in " + output));
    }

    @Test
    void everyInstructionBuildsAnImageThatRunsAsWritten() throws IOException {
        Path dir = everythingContext();
        DockerCli.Result result = build(dir, "berth-build:all");
        assertEquals(0, result.exitCode(), result.toString());
        String output = result.stdout();
        assertTrue(output.contains("Step 1/22 : ARG BASE=busybox"), output);
        assertTrue(output.contains("Step 2/22 : FROM ${BASE} AS base"), output);
        assertTrue(output.contains(" ---> Running in "), output);
        assertTrue(output.contains("Removing intermediate container "), output);
        assertTrue(output.contains("Successfully tagged berth-build:all"), output);
        String id = builtId(output);

        assertEquals("hello from build\nmode=prod", out("run", "--rm", "berth-build:all"), "entrypoint + cmd");
        assertEquals("1000:1000", out("run", "--rm", "berth-build:all", "echo $(id -u):$(id -g)"), "USER");
        assertEquals("/app", out("run", "--rm", "berth-build:all", "pwd"), "WORKDIR");
        assertEquals("prod /app", out("run", "--rm", "berth-build:all", "echo $APP_MODE $APP_HOME"), "ENV");
        assertEquals("", out("run", "--rm", "berth-build:all", "echo $GREETING"), "an ARG is not in the image's env");
        assertEquals("file one", out("run", "--rm", "berth-build:all", "cat /app/file.txt"));
        assertEquals("a b", out("run", "--rm", "berth-build:all", "echo $(cat /app/dir/a.txt /app/dir/sub/b.txt)"));
        assertEquals("600 1000 1000 s3cret", out("run", "--rm", "berth-build:all",
                "echo $(stat -c '%a %u %g' /app/secret.txt) $(cat /app/secret.txt)"), "--chown, --chmod");
        assertEquals("from the archive", out("run", "--rm", "berth-build:all", "cat /app/unpacked/inner/packed.txt"),
                "ADD of a local tar unpacks it");
        assertEquals("one.cfg two.cfg", out("run", "--rm", "berth-build:all", "echo $(ls /app/cfg)"), "a glob");
        String ctx = out("run", "--rm", "berth-build:all", "ls -a /app/ctx");
        assertTrue(ctx.contains("file.txt") && ctx.contains("Dockerfile"), ctx);
        assertFalse(ctx.contains("ignored.txt") || ctx.contains("debug.log"), ".dockerignore is honoured: " + ctx);

        String f = "{{json .Config.Labels}}|{{json .Config.ExposedPorts}}|{{json .Config.Volumes}}|"
                + "{{.Config.StopSignal}}|{{json .Config.Healthcheck.Test}}|{{json .Config.OnBuild}}|{{.Config.User}}|"
                + "{{json .Config.Entrypoint}}|{{json .Config.Cmd}}|{{.Config.WorkingDir}}";
        String inspect = out("image", "inspect", "-f", f, "berth-build:all");
        assertEquals("{\"org.example.title\":\"wire test\",\"version\":\"1.0\"}|{\"8080/tcp\":{},\"9090/udp\":{}}|"
                + "{\"/data\":{}}|SIGINT|[\"CMD-SHELL\",\"true\"]|[\"RUN echo triggered > /tmp/onbuild.txt\"]|"
                + "1000:1000|[\"/bin/sh\",\"-c\"]|[\"cat /app/built.txt\"]|/app", inspect);
        assertTrue(out("image", "inspect", "-f", "{{.Id}}", "berth-build:all").startsWith("sha256:" + id));

        String history = out("history", "--no-trunc", "--format", "{{.CreatedBy}}", "berth-build:all");
        assertTrue(history.contains("/bin/sh -c #(nop)  ENV APP_HOME=/app APP_MODE=prod"), history);
        assertTrue(history.contains("|1 GREETING=hello /bin/sh -c echo \"$GREETING from build\""), history);
        assertTrue(history.contains("/bin/sh -c #(nop) WORKDIR /app"), history);
        assertTrue(history.lines().anyMatch(l -> l.matches("/bin/sh -c #\\(nop\\) COPY file:[0-9a-f]{64} in /app/file.txt ?")),
                history);
        assertTrue(history.contains("/bin/sh -c #(nop)  CMD [\"cat /app/built.txt\"]"), history);

        Path child = context("child", "FROM berth-build:all\nCMD [\"cat /tmp/onbuild.txt\"]\n");
        DockerCli.Result onbuild = build(child, "berth-build:child");
        assertEquals(0, onbuild.exitCode(), onbuild.toString());
        assertTrue(onbuild.stdout().contains("# Executing 1 build trigger"), onbuild.stdout());
        assertEquals("triggered", out("run", "--rm", "berth-build:child"), "ONBUILD ran when used as a base");
    }

    @Test
    void aRebuildUsesTheCacheForEveryStepAndAChangedFileFromItsCopyOn() throws IOException {
        Path dir = context("cache", """
                FROM busybox
                ENV A=1
                RUN echo one > /one.txt
                COPY file.txt /file.txt
                RUN cat /file.txt > /copy.txt
                CMD ["cat", "/copy.txt"]
                """);
        Files.writeString(dir.resolve("file.txt"), "v1\n");
        DockerCli.Result first = build(dir, "berth-build:cache");
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(0, cached(first.stdout()), first.stdout());

        DockerCli.Result again = build(dir, "berth-build:cache");
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(steps(again.stdout()) - 1, cached(again.stdout()), "every step but FROM: " + again.stdout());
        assertFalse(again.stdout().contains("Running in"), again.stdout());
        assertEquals(builtId(first.stdout()), builtId(again.stdout()), "the same image ID");

        Files.writeString(dir.resolve("file.txt"), "v2\n");
        DockerCli.Result changed = build(dir, "berth-build:cache");
        assertEquals(0, changed.exitCode(), changed.toString());
        String[] perStep = changed.stdout().split("Step ");
        // perStep[1] is FROM; 2 ENV, 3 RUN: cached; 4 COPY, 5 RUN, 6 CMD: rebuilt
        for (int s = 2; s <= 3; s++) {
            assertTrue(perStep[s].contains("Using cache"), "step " + s + " cached: " + changed.stdout());
        }
        for (int s = 4; s <= 6; s++) {
            assertFalse(perStep[s].contains("Using cache"), "step " + s + " rebuilt: " + changed.stdout());
        }
        assertNotEquals(builtId(first.stdout()), builtId(changed.stdout()));
        assertEquals("v2", out("run", "--rm", "berth-build:cache"));

        DockerCli.Result noCache = build(dir, "berth-build:cache", "--no-cache");
        assertEquals(0, noCache.exitCode(), noCache.toString());
        assertEquals(0, cached(noCache.stdout()), noCache.stdout());
    }

    @Test
    void aMultiStageBuildRunsOnlyTheStagesItsTargetNeeds() throws IOException {
        Path dir = context("multi", """
                FROM busybox AS b
                RUN echo built-in-stage-b > /out.txt
                FROM busybox AS unused
                RUN exit 9
                FROM busybox AS final
                COPY --from=b /out.txt /final.txt
                CMD ["cat", "/final.txt"]
                FROM final AS later
                RUN exit 8
                """);
        DockerCli.Result result = build(dir, "berth-build:multi", "--target", "final");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("Step 5/5 : CMD"), "the unused stages are not counted: " + result.stdout());
        assertEquals("built-in-stage-b", out("run", "--rm", "berth-build:multi"));
    }

    @Test
    void aDockerfileOutsideTheContextOrOnStdinBuilds() throws IOException {
        // the CLI adds such a Dockerfile to the context tar under a random name and leaves the tar unterminated
        Path dir = Files.createDirectories(work.resolve("outside-context"));
        Files.writeString(dir.resolve("a.txt"), "from-the-context\n");
        Path dockerfile = work.resolve("Dockerfile.outside");
        Files.writeString(dockerfile, "FROM busybox\nCOPY a.txt /a.txt\nCMD [\"cat\", \"/a.txt\"]\n");
        DockerCli.Result outside = build(dir, "berth-build:outside", "-f", dockerfile.toString());
        assertEquals(0, outside.exitCode(), outside.toString());
        assertEquals("from-the-context", out("run", "--rm", "berth-build:outside"));

        images.add("berth-build:stdin-dockerfile");
        DockerCli.Result stdin = builder.run(BUILD, dockerfile, "build", "-t", "berth-build:stdin-dockerfile", "-f", "-",
                dir.toString());
        assertEquals(0, stdin.exitCode(), stdin.toString());
        assertEquals("from-the-context", out("run", "--rm", "berth-build:stdin-dockerfile"));
    }

    @Test
    void aFileDeletedByALaterRunStaysDeleted() throws IOException {
        Path dir = context("deleted", """
                FROM busybox
                RUN echo x > /gone.txt && echo y > /kept.txt && mkdir -p /d && touch /d/old
                RUN rm /gone.txt && rm -rf /d && mkdir /d && touch /d/new && rm /bin/vi
                """);
        DockerCli.Result result = build(dir, "berth-build:deleted");
        assertEquals(0, result.exitCode(), result.toString());
        assertFalse(docker.run("run", "--rm", "berth-build:deleted", "cat", "/gone.txt").ok());
        assertEquals("y", out("run", "--rm", "berth-build:deleted", "cat", "/kept.txt"));
        assertEquals("new", out("run", "--rm", "berth-build:deleted", "ls", "/d"), "an opaque directory");
        assertFalse(docker.run("run", "--rm", "berth-build:deleted", "ls", "/bin/vi").ok(), "a base file deleted");
    }

    @Test
    void errorsAreTheClassicBuildersAndLeaveNothingBehind() throws IOException {
        Set<String> containersBefore = containers();
        Set<String> spoolBefore = spool();

        Path bad = context("bad", "FROM busybox\nRUNN echo hi\n");
        DockerCli.Result parse = build(bad, "berth-build:bad");
        assertEquals(1, parse.exitCode(), parse.toString());
        assertTrue(parse.stderr().contains("dockerfile parse error line 2: unknown instruction: RUNN"), parse.toString());

        Path failing = context("failing", "FROM busybox\nRUN echo start && exit 3\n");
        DockerCli.Result run = build(failing, "berth-build:failing");
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("start"), run.toString());
        assertTrue(run.stderr().contains("The command '/bin/sh -c echo start && exit 3' returned a non-zero code: 3"),
                run.toString());

        Path missing = context("missing", "FROM busybox\nCOPY missing.txt /x\n");
        DockerCli.Result copy = build(missing, "berth-build:missing");
        assertEquals(1, copy.exitCode(), copy.toString());
        assertTrue(copy.stderr().contains("COPY failed: file not found in build context or excluded by .dockerignore:"
                + " stat missing.txt: file does not exist"), copy.toString());

        assertFalse(docker.run("image", "inspect", "berth-build:failing").ok(), "no image was tagged");
        assertEquals(containersBefore, containers(), "no container is left");
        assertEquals(spoolBefore, spool(), "no spool directory or file is left");
    }

    @Test
    void dockerPyAndComposeBuild() throws Exception {
        Path dir = context("clients", "FROM busybox\nARG WHO=nobody\nRUN echo \"built for $WHO\" > /who.txt\n"
                + "CMD [\"cat\", \"/who.txt\"]\n");
        images.add("berth-build:py");
        String script = "import docker\n"
                + "c = docker.from_env()\n"
                + "img, logs = c.images.build(path='" + dir + "', tag='berth-build:py', buildargs={'WHO': 'py'}, rm=True)\n"
                + "print('ID', img.id)\n";
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", "unix://" + Platform.get().socket());
        Process p = pb.start();
        String pyOut = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), pyOut);
        assertEquals(0, p.exitValue(), pyOut);
        assertTrue(pyOut.matches("(?s).*ID sha256:[0-9a-f]{64}.*"), pyOut);
        assertEquals("built for py", out("run", "--rm", "berth-build:py"));

        Path app = Files.createDirectories(work.resolve("compose-app"));
        Files.writeString(app.resolve("docker-compose.yml"), """
                version: "3"
                services:
                  web:
                    build:
                      context: ./img
                      args:
                        WHO: compose
                    image: berth-build:compose
                """);
        Path img = Files.createDirectories(app.resolve("img"));
        Files.copy(dir.resolve("Dockerfile"), img.resolve("Dockerfile"));
        images.add("berth-build:compose");
        ComposeCli.Result compose = ComposeCli.run(Platform.get(), app, "berthbuild", "build");
        assertEquals(0, compose.code(), compose.toString());
        assertEquals("built for compose", out("run", "--rm", "berth-build:compose"));
    }

    private static Set<String> containers() {
        return new TreeSet<>(out("ps", "-aq", "--no-trunc").lines().toList());
    }

    private static Set<String> spool() throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            list.map(p -> p.getFileName().toString())
                    .filter(n -> Stream.of(SPOOL_PREFIXES).anyMatch(n::startsWith)).forEach(found::add);
        }
        return found;
    }
}
