package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The everyday commands the other suites leave out, read the way a user reads them: what each prints on stdout
 * and stderr and its exit code. {@code run} with -e/-l/--restart read back through {@code inspect -f};
 * create/start/restart/kill/stop/rm -f/rm -v; every {@code ps} flag and filter; {@code port} without published
 * ports; {@code system prune} with and without -a and --volumes; pause, logs, exec, top, stats (a stopped one
 * too), wait; version and info.
 */
@E2e
class EverydayCommandsIT {
    private static DockerCli docker;
    private static MadeContainers made;

    private static DockerCli.Result fails(int code, String stderr, String... args) {
        DockerCli.Result r = docker.run(args);
        assertEquals(code, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains(stderr), "stderr says '" + stderr + "': " + r);
        return r;
    }

    @Test
    void runFlagsAreReadBackByInspectTemplates() {
        String id = made.runDetached("--name", "day-web", "-e", "GREETING=hello", "-e", "EMPTY=", "-l", "tier=web",
                "-l", "team=ops", "--restart", "no", "busybox", "sleep", "300");
        assertEquals("/day-web " + id, made.inspect("day-web", "{{.Name}} {{.Id}}"));
        assertEquals("web ops", made.inspect(id, "{{index .Config.Labels \"tier\"}} {{.Config.Labels.team}}"));
        List<String> env = List.of(made.inspect(id, "{{range .Config.Env}}{{.}}|{{end}}").split("\\|"));
        assertTrue(env.containsAll(List.of("GREETING=hello", "EMPTY=")), env.toString());
        assertEquals("no 0", made.inspect(id, "{{.HostConfig.RestartPolicy.Name}} {{.RestartCount}}"));
        assertEquals("busybox [\"sleep\",\"300\"] sleep [300]",
                made.inspect(id, "{{.Config.Image}} {{json .Config.Cmd}} {{.Path}} {{.Args}}"));
        assertEquals("running true false 0", made.inspect(id,
                "{{.State.Status}} {{.State.Running}} {{.State.Paused}} {{.State.ExitCode}}"));
        assertTrue(made.inspect(id, "{{.Image}}").matches("sha256:[0-9a-f]{64}"));
        assertEquals(id.substring(0, 12), made.inspect(id, "{{.Config.Hostname}}"));
        assertTrue(made.inspect(id, "{{.Created}} {{.State.StartedAt}}").matches("20\\d\\d-.*Z 20\\d\\d-.*Z"));
        assertEquals("hello", docker.out("exec", "day-web", "sh", "-c", "echo $GREETING"), "-e reaches the process");

        String always = docker.out("create", "--name", "day-always", "--restart", "always", "busybox", "true");
        made.add(always);
        assertEquals("always", made.inspect(always, "{{.HostConfig.RestartPolicy.Name}}"));
        DockerCli.Result two = docker.ok("inspect", "--format", "{{.Name}}", "day-web", "day-always");
        assertEquals(List.of("/day-web", "/day-always"), two.stdout().lines().toList());
        DockerCli.Result missing = fails(1, "No such object: day-nope", "inspect", "day-web", "day-nope");
        assertTrue(missing.stdout().contains("\"Id\": \"" + id + "\""), "the found one is still printed: " + missing);
    }

    @Test
    void createStartRestartKillStopAndRemoveEchoWhatTheyActedOn() {
        String id = docker.out("create", "--name", "day-life", "busybox", "sleep", "300");
        made.add(id);
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        assertEquals("Created", docker.out("ps", "-a", "--filter", "name=day-life", "--format", "{{.Status}}"));
        assertEquals("day-life", docker.out("start", "day-life"));
        long pid = Long.parseLong(made.inspect(id, "{{.State.Pid}}"));
        assertEquals("day-life", docker.out("restart", "-t", "1", "day-life"));
        long pid2 = Long.parseLong(made.inspect(id, "{{.State.Pid}}"));
        assertNotEquals(pid, pid2, "restart runs a new process");
        assertTrue(HostTraces.processAlive(pid2));
        assertEquals("day-life", docker.out("kill", "day-life"));
        assertEquals("exited 137", made.inspect(id, "{{.State.Status}} {{.State.ExitCode}}"));
        fails(1, "is not running", "kill", "day-life");
        assertEquals("day-life", docker.out("stop", "day-life"), "stop of a stopped container succeeds (304)");
        assertEquals(id.substring(0, 12), docker.out("start", id.substring(0, 12)), "start echoes the reference given");
        assertEquals("day-life", docker.out("rm", "-f", "day-life"));
        made.remove(id);
        assertTrue(HostTraces.mounts(id).isEmpty() && HostTraces.cgroups(id).isEmpty(), "rm -f leaves nothing");

        String stopped = docker.out("create", "--name", "day-volumes", "busybox", "true");
        made.add(stopped);
        assertEquals("day-volumes", docker.out("rm", "-v", "day-volumes"));
        made.remove(stopped);
        fails(1, "No such container: day-volumes", "rm", "day-volumes");
        DockerCli.Result partly = fails(1, "No such container: day-ghost", "rm", "day-ghost", "day-ghost2");
        assertTrue(partly.stderr().contains("day-ghost2"), "each failure is reported: " + partly);
    }

    @Test
    void psFlagsAndFiltersSelectWhatTheySay() {
        String running = made.runDetached("--name", "day-ps-run", "-l", "suite=day-ps", "busybox", "sleep", "300");
        String exited = made.runDetached("--name", "day-ps-exit", "-l", "suite=day-ps", "busybox", "sh", "-c",
                "exit 3");
        assertEquals("3", docker.out("wait", exited));
        String created = docker.out("create", "--name", "day-ps-new", "-l", "suite=day-ps", "-l", "extra=1", "busybox",
                "true");
        made.add(created);
        String suite = "label=suite=day-ps";

        assertEquals(List.of(created, exited, running).stream().map(i -> i.substring(0, 12)).toList(),
                docker.ok("ps", "-a", "-q", "--filter", suite).stdout().lines().toList(), "newest first, 12-char ids");
        assertEquals(List.of(running.substring(0, 12)), docker.ok("ps", "-q", "--filter", suite).stdout().lines().toList());
        assertEquals(List.of(created, exited, running), docker.ok("ps", "-a", "-q", "--no-trunc", "--filter", suite)
                .stdout().lines().toList());
        assertEquals("day-ps-exit", names("--filter", suite, "--filter", "status=exited"));
        assertEquals("day-ps-new", names("--filter", suite, "--filter", "status=created"));
        assertEquals("day-ps-run", names("--filter", suite, "--filter", "status=running"));
        assertEquals("day-ps-exit", names("--filter", suite, "--filter", "exited=3"));
        assertEquals("", names("--filter", suite, "--filter", "exited=0"));
        assertEquals("day-ps-new", names("--filter", suite, "--filter", "label=extra=1"));
        assertEquals("day-ps-exit", names("--filter", "name=day-ps-exit"));
        assertEquals("day-ps-run", names("--filter", "id=" + running.substring(0, 10)));
        assertEquals("day-ps-new day-ps-exit day-ps-run", names("--filter", suite, "--filter", "ancestor=busybox"));
        assertEquals("day-ps-new day-ps-exit day-ps-run",
                names("--filter", suite, "--filter", "ancestor=busybox:latest"));
        assertEquals("day-ps-new day-ps-exit", names("-n", "2", "--filter", suite));
        assertEquals("day-ps-new", docker.out("ps", "-l", "--format", "{{.Names}}"), "-l is the latest created");
        fails(1, "Unrecognised filter value for status: flying", "ps", "--filter", "status=flying");
        fails(1, "invalid filter 'colour'", "ps", "--filter", "colour=red");

        String row = docker.out("ps", "-a", "--filter", "name=day-ps-exit", "--format",
                "{{.ID}}|{{.Image}}|{{.Command}}|{{.Status}}|{{.Names}}|{{.Labels}}|{{.Ports}}");
        List<String> cells = List.of(row.split("\\|", -1));
        assertEquals(exited.substring(0, 12), cells.get(0));
        assertEquals("busybox", cells.get(1));
        assertEquals("\"sh -c 'exit 3'\"", cells.get(2));
        assertTrue(cells.get(3).startsWith("Exited (3) "), row);
        assertEquals("day-ps-exit", cells.get(4));
        assertEquals("berth.node=" + Platform.get().nodeId() + ",suite=day-ps", cells.get(5),
                "ps shows the user's labels and berth.node, the node that runs it");
        assertEquals("", cells.get(6));
        String table = docker.out("ps", "-a", "--filter", "name=day-ps-run");
        assertTrue(table.lines().findFirst().orElseThrow().matches(
                "CONTAINER ID\\s+IMAGE\\s+COMMAND\\s+CREATED\\s+STATUS\\s+PORTS\\s+NAMES"), table);
        String size = docker.out("ps", "-s", "--filter", "name=day-ps-run", "--format", "{{.Size}}");
        assertTrue(size.matches("\\d+(\\.\\d+)?[kMG]?B \\(virtual \\d+(\\.\\d+)?[kMG]?B\\)"), size);
    }

    private static String names(String... filters) {
        List<String> args = new java.util.ArrayList<>(List.of("ps", "-a", "--format", "{{.Names}}"));
        args.addAll(List.of(filters));
        return String.join(" ", docker.ok(args.toArray(String[]::new)).stdout().lines().toList());
    }

    @Test
    void portWithoutPublishedPortsPrintsNothingAndNamesTheMissingPort() {
        made.runDetached("--name", "day-port", "busybox", "sleep", "300");
        DockerCli.Result none = docker.ok("port", "day-port");
        assertEquals("", none.stdout(), none.toString());
        fails(1, "No public port '80' published for day-port", "port", "day-port", "80");
        fails(1, "No public port '53/udp' published for day-port", "port", "day-port", "53/udp");
        fails(1, "No such container: day-port-nope", "port", "day-port-nope");
    }

    @Test
    void systemPruneRemovesStoppedContainersAndAnswersForEveryKind() {
        String keep = made.runDetached("--name", "day-prune-run", "busybox", "sleep", "300");
        String gone = docker.out("create", "--name", "day-prune-stopped", "busybox", "true");
        made.add(gone);
        DockerCli.Result prune = docker.run(Duration.ofSeconds(120), "system", "prune", "-f");
        assertEquals(0, prune.exitCode(), prune.toString());
        assertTrue(prune.stdout().contains("Deleted Containers:\n") && prune.stdout().contains(gone), prune.toString());
        assertTrue(prune.stdout().contains("Total reclaimed space: "), prune.toString());
        assertEquals("", names("--filter", "name=day-prune-stopped"));
        assertEquals("day-prune-run", names("--filter", "name=day-prune-run"));

        DockerCli.Result all = docker.run(Duration.ofSeconds(120), "system", "prune", "-f", "-a", "--volumes");
        assertEquals(0, all.exitCode(), all.toString());
        assertTrue(all.stdout().contains("Total reclaimed space: "), all.toString());
        assertEquals("running", made.inspect(keep, "{{.State.Status}}"), "a running container is never pruned");
        assertTrue(docker.run(Duration.ofSeconds(60), "run", "--rm", "busybox", "true").ok(),
                "the image of a running container is kept");
        assertEquals("Total reclaimed space: 0B", docker.out("container", "prune", "-f"));
        assertEquals("Total reclaimed space: 0B", docker.out("volume", "prune", "-f"));
        assertEquals("", docker.out("network", "prune", "-f"), "no user network to delete");
    }

    @Test
    void pauseLogsExecTopStatsAndWaitAnswerAsDockerDoes() {
        String id = made.runDetached("--name", "day-misc", "busybox", "sh", "-c",
                "echo out; echo err >&2; exec sleep 300");
        assertEquals("day-misc", docker.out("pause", "day-misc"));
        assertEquals("day-misc", names("--filter", "status=paused", "--filter", "name=day-misc"));
        assertTrue(docker.out("ps", "--filter", "name=day-misc", "--format", "{{.Status}}").endsWith("(Paused)"));
        fails(1, "is already paused", "pause", "day-misc");
        assertEquals("day-misc", docker.out("unpause", "day-misc"));
        fails(1, "is not paused", "unpause", "day-misc");

        DockerCli.Result logs = docker.ok("logs", "day-misc");
        assertEquals("out\n", logs.stdout());
        assertEquals("err\n", logs.stderr());
        DockerCli.Result exec = docker.run("exec", "day-misc", "sh", "-c", "echo in; exit 5");
        assertEquals(5, exec.exitCode(), exec.toString());
        assertEquals("in\n", exec.stdout());

        List<String> top = docker.ok("top", "day-misc").stdout().lines().toList();
        assertTrue(top.get(0).matches("UID\\s+PID\\s+PPID\\s+C\\s+STIME\\s+TTY\\s+TIME\\s+CMD"), top.toString());
        assertTrue(top.stream().anyMatch(l -> l.endsWith("sleep 300")), top.toString());
        assertEquals("day-misc", docker.out("stats", "--no-stream", "--format", "{{.Name}}", "day-misc"));

        assertEquals("day-misc", docker.out("stop", "-t", "0", "day-misc"));
        assertEquals("137", docker.out("wait", "day-misc"));
        String stoppedStats = docker.out("stats", "--no-stream", "--format", "{{.Name}} {{.CPUPerc}} {{.PIDs}}", id);
        assertEquals("day-misc 0.00% 0", stoppedStats, "a stopped container's stats are zero, not an error");
        fails(1, "is not running", "top", "day-misc");
        fails(1, "is not running", "exec", "day-misc", "true");
        fails(1, "No such container: day-misc-nope", "wait", "day-misc-nope");
    }

    @Test
    void versionAndInfoDescribeAnEngineOfApi144() {
        String version = docker.out("version");
        assertTrue(version.contains("Server: "), version);
        assertTrue(version.matches("(?s).*API version:\\s+1\\.44 \\(minimum version 1\\.24\\).*"), version);
        assertEquals("1.44 1.24 linux", docker.out("version", "--format",
                "{{.Server.APIVersion}} {{.Server.MinAPIVersion}} {{.Server.Os}}"));
        String info = docker.out("info");
        assertTrue(info.contains("Server Version: 25.0.0") && info.contains("Operating System: ")
                && info.contains("Containers: "), info);
        String counts = docker.out("info", "--format", "{{.OSType}} {{.Containers}} {{.ContainersRunning}}");
        assertTrue(counts.matches("linux \\d+ \\d+"), counts);
    }
}
