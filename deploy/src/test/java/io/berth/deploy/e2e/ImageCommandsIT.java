package io.berth.deploy.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image commands through the real docker CLI, read as a user reads them: images/ls, inspect, history,
 * pull (progress stream), tag + push (then the registry API lists the tag), import (file and stdin) then run,
 * save → rmi → load → run (docker-archive and OCI layout), rmi refused while in use, prune, and the notes'
 * {@code docker rmi $(docker image ls -aq)} over 20 images. Every image made here is named {@code berth-it/…}
 * and removed at the end.
 */
@E2e
class ImageCommandsIT {
    private static final Duration LONG = Duration.ofSeconds(180);
    private static DockerCli docker;
    private static MadeContainers made;
    private static Path scratch;
    private static Path rootfs;

    @BeforeAll
    static void platform() throws Exception {
        scratch = Files.createTempDirectory("berth-images-it");
        rootfs = rootfsTar(scratch);
    }

    @AfterAll
    static void removeWhatWeMade() throws IOException {
        made.removeAll();
        DockerCli.Result left = docker.run("image", "ls", "--format", "{{.Repository}}:{{.Tag}}",
                "--filter", "reference=berth-it/*");
        for (String ref : left.stdout().lines().filter(l -> !l.isBlank()).toList()) {
            docker.run("rmi", "-f", ref);
        }
        for (String ref : List.of("127.0.0.1:" + registryPort() + "/berth-it/pushed:v1")) {
            docker.run("rmi", "-f", ref);
        }
        TempTree.delete(scratch);
        assertEquals("", docker.run("image", "ls", "-q", "--filter", "reference=berth-it/*").stdout().trim());
    }

    /** A root file system with a static busybox and a few applet links: enough for {@code docker run}. */
    private static Path rootfsTar(Path dir) throws Exception {
        Path tree = Files.createDirectories(dir.resolve("rootfs"));
        Path bin = Files.createDirectories(tree.resolve("bin"));
        Files.copy(Path.of("/usr/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "echo", "sleep", "cat", "ls")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.createDirectories(tree.resolve("tmp"));
        Path tar = dir.resolve("rootfs.tar");
        Process p = new ProcessBuilder("tar", "-C", tree.toString(), "-cf", tar.toString(), ".").inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "tar of the test root fs");
        return tar;
    }

    private static int registryPort() {
        String url = Platform.get().registryUrl();
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    private static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    /** {@code docker import} of the test root fs; answers the image ID it printed. */
    private static String importImage(String name, String... changes) {
        List<String> argv = new ArrayList<>(List.of("import"));
        argv.add("-c");
        argv.add("ENV PATH=/bin");
        for (String c : changes) {
            argv.add("-c");
            argv.add(c);
        }
        argv.add(rootfs.toString());
        argv.add(name);
        DockerCli.Result r = docker.ok(LONG, argv.toArray(String[]::new));
        String id = r.stdout().trim();
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), "import prints the image id: " + r);
        return id;
    }

    private static String curl(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS) && p.exitValue() == 0, argv + " → " + out);
        return out;
    }

    /** The gateway's spooled import bodies and layers (its JVM's temp dir is the platform's /tmp). */
    private static List<Path> spooled() throws IOException {
        try (var files = Files.list(Path.of("/tmp"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("berth-import-")
                    || f.getFileName().toString().startsWith("berth-layer-")).toList();
        }
    }

    private static void shell(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", argv));
    }

    private static String busyboxId() {
        return docker.ok(LONG, "image", "inspect", "-f", "{{.Id}}", "busybox").stdout().trim();
    }

    @Test
    void pullListInspectAndHistoryOfTheSeed() throws Exception {
        DockerCli.Result pull = docker.ok(LONG, "pull", "busybox");
        List<String> out = lines(pull.stdout());
        assertEquals(List.of("Using default tag: latest", "latest: Pulling from library/busybox"), out.subList(0, 2),
                pull.toString());
        assertTrue(out.stream().anyMatch(l -> l.matches("[0-9a-f]{12}: Pull complete")), pull.toString());
        assertTrue(out.stream().anyMatch(l -> l.matches("Digest: sha256:[0-9a-f]{64}")), pull.toString());
        assertTrue(out.contains("Status: Image is up to date for busybox:latest"), pull.toString());
        assertEquals("docker.io/library/busybox:latest", out.get(out.size() - 1), pull.toString());
        // the stream the CLI draws bars from, as the API sends it
        String raw = curl("--unix-socket", Platform.get().socket().toString(), "-X", "POST",
                "http://localhost/v1.44/images/create?fromImage=busybox&tag=latest");
        assertTrue(raw.contains("\"status\":\"Downloading\",\"progressDetail\":{\"current\":"), raw);
        assertTrue(raw.contains("\"status\":\"Pulling fs layer\""), raw);

        String id = busyboxId();
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
        List<String> ls = lines(docker.ok(LONG, "images").stdout());
        assertTrue(ls.get(0).matches("REPOSITORY\\s+TAG\\s+IMAGE ID\\s+CREATED\\s+SIZE"), ls.toString());
        assertTrue(ls.stream().anyMatch(l -> l.matches("busybox\\s+latest\\s+" + id.substring(7, 19) + "\\s+.*")),
                ls.toString());
        List<String> ids = lines(docker.ok(LONG, "image", "ls", "-a", "-q").stdout());
        assertTrue(ids.contains(id.substring(7, 19)), ids.toString());
        assertTrue(ids.stream().allMatch(l -> l.matches("[0-9a-f]{12}")), ids.toString());
        assertEquals(List.of(id.substring(7, 19)), lines(docker.ok(LONG, "images", "-q", "--filter", "reference=busybox").stdout()));
        assertEquals(List.of(), lines(docker.ok(LONG, "images", "-q", "--filter", "dangling=true").stdout()));

        assertEquals("[busybox:latest] linux amd64", docker.ok(LONG, "image", "inspect", "-f",
                "{{.RepoTags}} {{.Os}} {{.Architecture}}", "busybox").stdout().trim());
        assertEquals(id, docker.ok(LONG, "image", "inspect", "-f", "{{.Id}}", id.substring(7, 19)).stdout().trim());
        DockerCli.Result missing = docker.run("image", "inspect", "berth-it/nothing:here");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("No such image: berth-it/nothing:here"), missing.toString());

        List<String> history = lines(docker.ok(LONG, "history", "busybox").stdout());
        assertTrue(history.get(0).matches("IMAGE\\s+CREATED\\s+CREATED BY\\s+SIZE\\s+COMMENT"), history.toString());
        assertTrue(history.get(1).startsWith(id.substring(7, 19)), history.toString());
        assertTrue(history.get(1).matches(".*\\s\\d+(\\.\\d+)?[kM]B\\s*$"), "a layer size: " + history);
    }

    @Test
    void importFromFileAndStdinThenRun() throws IOException {
        String id = importImage("berth-it/imported:v1", "CMD [\"/bin/sh\",\"-c\",\"echo imported $GREETING\"]",
                "ENV GREETING=hello");
        assertEquals("imported hello", docker.ok(LONG, "run", "--rm", "berth-it/imported:v1").stdout().trim());
        assertEquals(id, docker.ok(LONG, "image", "inspect", "-f", "{{.Id}}", "berth-it/imported:v1").stdout().trim());
        List<String> history = lines(docker.ok(LONG, "history", "--no-trunc", "berth-it/imported:v1").stdout());
        assertEquals(2, history.size(), history.toString());
        assertTrue(history.get(1).startsWith(id) && history.get(1).endsWith("Imported from -"), history.toString());

        DockerCli.Result stdin = docker.run(LONG, rootfs, "import", "-c", "CMD [\"/bin/echo\",\"from stdin\"]", "-",
                "berth-it/stdin:v1");
        assertTrue(stdin.ok() && stdin.stdout().trim().matches("sha256:[0-9a-f]{64}"), stdin.toString());
        assertEquals("from stdin", docker.ok(LONG, "run", "--rm", "berth-it/stdin:v1").stdout().trim());

        DockerCli.Result bad = docker.run("import", "-c", "RUN rm -rf /", rootfs.toString(), "berth-it/bad:v1");
        assertEquals(1, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("run is not a valid change command"), bad.toString());
        Path words = Files.writeString(scratch.resolve("words.txt"), "not a tar at all\n".repeat(100));
        DockerCli.Result notTar = docker.run("import", words.toString(), "berth-it/bad:v1");
        assertEquals(1, notTar.exitCode(), notTar.toString());
        assertTrue(notTar.stderr().contains("invalid tar archive"), notTar.toString());
        assertEquals(List.of(), spooled(), "the import's temp files are gone");

        assertEquals(List.of("Untagged: berth-it/imported:v1", "Deleted: " + id),
                lines(docker.ok(LONG, "rmi", "berth-it/imported:v1").stdout()));
        docker.ok(LONG, "rmi", "berth-it/stdin:v1");
        assertEquals(List.of(), lines(docker.ok(LONG, "images", "-q", "--filter", "reference=berth-it/*").stdout()));
    }

    @Test
    void tagAndPushThenTheRegistryListsIt() throws Exception {
        String busybox = busyboxId();
        String name = "127.0.0.1:" + registryPort() + "/berth-it/pushed";
        DockerCli.Result tag = docker.ok(LONG, "tag", "busybox", name + ":v1");
        assertEquals("", tag.stdout());
        assertEquals(busybox, docker.ok(LONG, "image", "inspect", "-f", "{{.Id}}", name + ":v1").stdout().trim());
        DockerCli.Result push = docker.ok(LONG, "push", name + ":v1");
        List<String> out = lines(push.stdout());
        assertEquals("The push refers to repository [" + name + "]", out.get(0), push.toString());
        assertTrue(out.stream().anyMatch(l -> l.matches("[0-9a-f]{12}: Layer already exists")), push.toString());
        assertTrue(out.get(out.size() - 1).matches("v1: digest: sha256:[0-9a-f]{64} size: \\d+"), push.toString());
        String tags = curl(Platform.get().registryUrl() + "/v2/berth-it/pushed/tags/list");
        assertTrue(tags.contains("\"v1\""), tags);

        docker.ok(LONG, "tag", "busybox", "berth-it/short:v2");
        DockerCli.Result pushShort = docker.ok(LONG, "push", "berth-it/short:v2");
        assertTrue(pushShort.stdout().contains("The push refers to repository [docker.io/berth-it/short]"),
                pushShort.toString());
        assertTrue(curl(Platform.get().registryUrl() + "/v2/berth-it/short/tags/list").contains("\"v2\""));
        DockerCli.Result absent = docker.run("push", "berth-it/never:v1");
        assertEquals(1, absent.exitCode(), absent.toString());
        assertTrue(absent.stderr().contains("An image does not exist locally with the tag: berth-it/never"),
                absent.toString());

        // one of several tags: only the tag goes, busybox stays
        assertEquals(List.of("Untagged: " + name + ":v1"), lines(docker.ok(LONG, "rmi", name + ":v1").stdout()));
        assertEquals(List.of("Untagged: berth-it/short:v2"), lines(docker.ok(LONG, "rmi", "berth-it/short:v2").stdout()));
        assertFalse(curl(Platform.get().registryUrl() + "/v2/berth-it/short/tags/list").contains("\"v2\""));
        assertEquals(busybox, busyboxId());
    }

    /**
     * The gateway answers image reads from a catalogue it keeps from the store's announcements: each read must
     * still show every change answered before it, made through this gateway or straight at the registry.
     */
    @Test
    void everyReadShowsTheChangeAnsweredJustBeforeIt() throws Exception {
        String busybox = busyboxId();
        for (int i = 0; i < 5; i++) {
            String name = "berth-it/at-once:t" + i;
            docker.ok(LONG, "tag", "busybox", name);
            assertTrue(listed().contains(name), "tag then images at once: " + name);
            assertEquals(busybox, docker.ok(LONG, "image", "inspect", "-f", "{{.Id}}", name).stdout().trim());
            docker.ok(LONG, "rmi", name);
            assertFalse(listed().contains(name), "rmi then images at once: " + name);
            DockerCli.Result gone = docker.run("image", "inspect", name);
            assertEquals(1, gone.exitCode(), gone.toString());
        }

        // straight at the registry, as docker push through a dockerd or a build elsewhere would
        Skopeo.requireInstalled();
        Skopeo skopeo = new Skopeo(scratch);
        String registry = Platform.get().registryUrl().replaceFirst("^http://", "");
        String direct = "berth-it/direct:v1";
        DockerCli.Result copied = skopeo.run("copy", "--src-tls-verify=false", "--dest-tls-verify=false",
                "docker://" + registry + "/library/busybox:latest", "docker://" + registry + "/" + direct);
        assertEquals(0, copied.exitCode(), copied.toString());
        assertTrue(listed().contains(direct), "a push to the registry is listed at once");
        assertEquals(busybox, docker.ok(LONG, "image", "inspect", "-f", "{{.Id}}", direct).stdout().trim());

        // the tag moved behind the gateway's back: run and inspect see the new image at once
        String other = importImage("berth-it/other:v1", "CMD [\"/bin/echo\",\"the moved tag\"]");
        DockerCli.Result moved = skopeo.run("copy", "--src-tls-verify=false", "--dest-tls-verify=false",
                "docker://" + registry + "/berth-it/other:v1", "docker://" + registry + "/" + direct);
        assertEquals(0, moved.exitCode(), moved.toString());
        assertEquals(other, docker.ok(LONG, "image", "inspect", "-f", "{{.Id}}", direct).stdout().trim());
        assertEquals("the moved tag", docker.ok(LONG, "run", "--rm", direct).stdout().trim());
        assertTrue(docker.ok(LONG, "images", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}").stdout()
                .lines().anyMatch(l -> l.equals(direct + " " + other)), "images shows the moved tag's image");

        // untagged at the registry: gone from the list at once
        curl("-X", "DELETE", Platform.get().registryUrl() + "/v2/berth-it/direct/manifests/v1");
        assertFalse(listed().contains(direct), "an untag at the registry is seen at once");
        DockerCli.Result run = docker.run("run", "--rm", direct);
        assertTrue(run.exitCode() != 0 && run.stderr().contains("berth-it/direct"), run.toString());
        docker.ok(LONG, "rmi", "berth-it/other:v1");

        // and those answers came from the kept catalogue, not a walk of the registry
        double kept = keptReads();
        listed();
        assertTrue(keptReads() > kept, "docker images is answered from the kept catalogue");
    }

    /** The gateway's count of image reads answered from its kept catalogue ({@code GET /metrics}). */
    private static double keptReads() throws Exception {
        String metrics = curl("--unix-socket", Platform.get().socket().toString(), "http://berth/metrics");
        return metrics.lines().filter(l -> l.startsWith("berth_gateway_image_reads_total{")
                        && l.contains("source=\"kept\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static List<String> listed() {
        return lines(docker.ok(LONG, "images", "--format", "{{.Repository}}:{{.Tag}}").stdout());
    }

    @Test
    void saveRemoveLoadRoundTripThenRun() throws Exception {
        String id = importImage("berth-it/saved:v1", "CMD [\"/bin/echo\",\"round trip\"]");
        Path archive = scratch.resolve("saved.tar");
        DockerCli.Result save = docker.ok(LONG, "save", "-o", archive.toString(), "berth-it/saved:v1");
        assertEquals("", save.stdout());
        String listing = new String(new ProcessBuilder("tar", "-tf", archive.toString()).start().getInputStream()
                .readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(listing.contains("manifest.json") && listing.contains("repositories")
                && listing.contains("index.json") && listing.contains("blobs/sha256/" + id.substring(7)), listing);

        assertEquals(List.of("Untagged: berth-it/saved:v1", "Deleted: " + id), lines(docker.ok(LONG, "rmi", "berth-it/saved:v1").stdout()));
        DockerCli.Result gone = docker.run("image", "inspect", "berth-it/saved:v1");
        assertEquals(1, gone.exitCode(), gone.toString());

        DockerCli.Result load = docker.ok(LONG, "load", "-i", archive.toString());
        assertEquals("Loaded image: berth-it/saved:v1", load.stdout().trim());
        assertEquals(id, docker.ok(LONG, "image", "inspect", "-f", "{{.Id}}", "berth-it/saved:v1").stdout().trim(),
                "the image ID (config digest) survives the round trip");
        assertEquals("round trip", docker.ok(LONG, "run", "--rm", "berth-it/saved:v1").stdout().trim());

        // an OCI layout alone (no manifest.json), as other tools write it (./ names), loads too, from stdin
        Path layout = Files.createDirectories(scratch.resolve("layout"));
        Path ociTar = scratch.resolve("oci.tar");
        shell("tar", "-C", layout.toString(), "-xf", archive.toString());
        Files.delete(layout.resolve("manifest.json"));
        Files.delete(layout.resolve("repositories"));
        shell("tar", "-C", layout.toString(), "-cf", ociTar.toString(), ".");
        docker.ok(LONG, "rmi", "berth-it/saved:v1");
        DockerCli.Result oci = docker.run(LONG, ociTar, "load");
        assertTrue(oci.ok(), oci.toString());
        assertEquals("Loaded image: berth-it/saved:v1", oci.stdout().trim());
        assertEquals("round trip", docker.ok(LONG, "run", "--rm", "berth-it/saved:v1").stdout().trim());

        Path junk = Files.writeString(scratch.resolve("junk.tar"), "not a tar");
        DockerCli.Result bad = docker.run("load", "-i", junk.toString());
        assertEquals(1, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("invalid archive"), bad.toString());
        docker.ok(LONG, "rmi", "berth-it/saved:v1");
        assertEquals(List.of(), spooled(), "load's layer files are gone");
    }

    @Test
    void rmiIsRefusedWhileAContainerUsesTheImage() {
        String id = importImage("berth-it/used:v1");
        String short12 = id.substring(7, 19);
        String running = made.runDetached("berth-it/used:v1", "sleep", "300");

        DockerCli.Result byName = docker.run("rmi", "berth-it/used:v1");
        assertEquals(1, byName.exitCode(), byName.toString());
        assertEquals("Error response from daemon: conflict: unable to remove repository reference"
                + " \"berth-it/used:v1\" (must force) - container " + running.substring(0, 12)
                + " is using its referenced image " + short12, byName.stderr().trim());
        DockerCli.Result byId = docker.run("rmi", "-f", short12);
        assertEquals(1, byId.exitCode(), byId.toString());
        assertEquals("Error response from daemon: conflict: unable to delete " + short12
                + " (cannot be forced) - image is being used by running container " + running.substring(0, 12),
                byId.stderr().trim());

        docker.ok(LONG, "stop", "-t", "0", running);
        DockerCli.Result stopped = docker.run("rmi", short12);
        assertEquals(1, stopped.exitCode(), stopped.toString());
        assertEquals("Error response from daemon: conflict: unable to delete " + short12
                + " (must be forced) - image is being used by stopped container " + running.substring(0, 12),
                stopped.stderr().trim());

        DockerCli.Result missing = docker.run("rmi", "berth-it/nothing:v1");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("No such image: berth-it/nothing:v1"), missing.toString());
        assertEquals(0, docker.run("rmi", "-f", "berth-it/nothing:v1").exitCode(), "-f ignores a missing image");

        assertEquals(List.of("Untagged: berth-it/used:v1", "Deleted: " + id),
                lines(docker.ok(LONG, "rmi", "-f", "berth-it/used:v1").stdout()));
        docker.ok(LONG, "rm", running);
        made.remove(running);
    }

    @Test
    void pruneRemovesOnlyUnusedImagesTheFiltersSelect() {
        String unused = importImage("berth-it/prune-a:v1", "LABEL berth.it.prune=1");
        String used = importImage("berth-it/prune-b:v1", "LABEL berth.it.prune=1", "CMD [\"true\"]");
        String kept = importImage("berth-it/prune-c:v1");
        DockerCli.Result create = docker.ok(LONG, "create", "berth-it/prune-b:v1");
        String container = create.stdout().trim();
        made.add(container);

        DockerCli.Result dangling = docker.ok(LONG, "image", "prune", "-f");
        assertEquals("Total reclaimed space: 0B", dangling.stdout().trim());

        DockerCli.Result prune = docker.ok(LONG, "image", "prune", "-a", "-f", "--filter", "label=berth.it.prune=1");
        List<String> out = lines(prune.stdout());
        assertEquals("Deleted Images:", out.get(0), prune.toString());
        assertTrue(out.contains("untagged: berth-it/prune-a:v1"), prune.toString());
        assertTrue(out.contains("deleted: " + unused), prune.toString());
        assertFalse(prune.stdout().contains(used) || prune.stdout().contains(kept), prune.toString());
        assertTrue(out.get(out.size() - 1).startsWith("Total reclaimed space: "), prune.toString());
        List<String> left = lines(docker.ok(LONG, "images", "--format", "{{.Repository}}", "--filter", "reference=berth-it/prune-*")
                .stdout());
        assertEquals(Set.of("berth-it/prune-b", "berth-it/prune-c"), new LinkedHashSet<>(left));

        docker.ok(LONG, "rm", container);
        made.remove(container);
        docker.ok(LONG, "rmi", "berth-it/prune-b:v1", "berth-it/prune-c:v1");
    }

    @Test
    void bulkRmiOfEveryImageRefusesOnlyThoseInUse() {
        String busybox = busyboxId();
        String holder = docker.ok(LONG, "create", "busybox", "true").stdout().trim();
        made.add(holder);
        List<String> made20 = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            made20.add(importImage("berth-it/bulk-" + i + ":v1", "LABEL n=" + i));
        }
        String usedBulk = docker.ok(LONG, "create", "berth-it/bulk-7:v1", "true").stdout().trim();
        made.add(usedBulk);

        List<String> ids = lines(docker.ok(LONG, "image", "ls", "-aq").stdout());
        assertTrue(ids.size() >= 21, ids.toString());
        List<String> rmi = new ArrayList<>(List.of("rmi"));
        rmi.addAll(ids);
        DockerCli.Result bulk = docker.run(LONG, rmi.toArray(String[]::new));
        assertEquals(1, bulk.exitCode(), "some images are in use: " + bulk);
        assertTrue(bulk.stderr().contains("conflict: unable to delete " + busybox.substring(7, 19)), bulk.toString());
        assertTrue(bulk.stderr().contains("conflict: unable to delete " + made20.get(7).substring(7, 19)
                + " (must be forced) - image is being used by stopped container " + usedBulk.substring(0, 12)),
                bulk.toString());
        for (int i = 0; i < 20; i++) {
            if (i != 7) {
                assertTrue(bulk.stdout().contains("Deleted: " + made20.get(i)), i + ": " + bulk);
                assertTrue(bulk.stdout().contains("Untagged: berth-it/bulk-" + i + ":v1"), i + ": " + bulk);
            }
        }
        List<String> left = lines(docker.ok(LONG, "image", "ls", "-aq").stdout());
        assertTrue(left.contains(busybox.substring(7, 19)) && left.contains(made20.get(7).substring(7, 19)),
                left.toString());
        assertEquals(List.of("berth-it/bulk-7"), lines(docker.ok(LONG, "images", "--format", "{{.Repository}}", "--filter",
                "reference=berth-it/*").stdout()));
        assertEquals("hi", docker.ok(LONG, "run", "--rm", "busybox", "echo", "hi").stdout().trim(), "the seed still runs");

        docker.ok(LONG, "rm", usedBulk, holder);
        made.remove(usedBulk);
        made.remove(holder);
        docker.ok(LONG, "rmi", "berth-it/bulk-7:v1");
    }
}
