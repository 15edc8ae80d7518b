package io.berth.deploy.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.berth.deploy.e2e.ProcStatus.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Docker's default seccomp profile through the docker CLI: PID 1 and every {@code docker exec} run under the
 * filter ({@code Seccomp: 2}) and get EPERM for what the profile leaves out; {@code --security-opt
 * seccomp=unconfined} and {@code --privileged} opt out; {@code --security-opt seccomp=<file>} applies that profile;
 * a malformed one is a 400. The syscalls are made by a tiny static probe built here with gcc and bound read-only
 * into the container: busybox has no tool that calls {@code personality}, {@code clone3} or an AF_VSOCK socket.
 */
@E2e
class SeccompIT {
    /** Prints the errno (0: success) of three calls only the profile refuses: no capability governs them. */
    private static final String PROBE_C = """
            #define _GNU_SOURCE
            #include <errno.h>
            #include <stdio.h>
            #include <sys/personality.h>
            #include <sys/socket.h>
            #include <sys/syscall.h>
            #include <unistd.h>
            static int err(long rc) { return rc < 0 ? errno : 0; }
            int main(void) {
                int p = err(personality(ADDR_NO_RANDOMIZE));
                int v = err(socket(40 /* AF_VSOCK */, SOCK_STREAM, 0));
                int c = err(syscall(SYS_clone3, NULL, 0));
                printf("personality=%d vsock=%d clone3=%d\\n", p, v, c);
                return 0;
            }
            """;
    private static final String REFUSED = "personality=1 vsock=1 clone3=38";
    private static final String STATUS = "grep Seccomp: /proc/self/status";

    private static DockerCli docker;
    private static MadeContainers made;
    private static OpsCurl curl;
    private static Path probeDir;

    @BeforeAll
    static void probe() throws Exception {
        RootRequirement.check();
        probeDir = made.scratch("berth-seccomp");
        StaticProbe.build(probeDir, "probe", PROBE_C);
    }

    private static String mount() {
        return probeDir + ":/p:ro";
    }

    @Test
    void pidOneAndEveryExecRunUnderDockersProfile() throws Exception {
        DockerCli.Result run = docker.run("run", "--rm", "-v", mount(), "busybox", "sh", "-c", STATUS + "; /p/probe");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("2", field(run.stdout(), "Seccomp"), run.toString());
        assertTrue(run.stdout().contains(REFUSED + "\n"), "EPERM, and ENOSYS for clone3: " + run);

        String id = made.runDetached("-v", mount(), "busybox", "sleep", "1000");
        String pid = made.inspect(id, "{{.State.Pid}}");
        assertEquals("2", field(Files.readString(Path.of("/proc", pid, "status")), "Seccomp"), "PID 1 on the host");
        for (String privileged : List.of("--privileged=false", "--privileged")) {
            DockerCli.Result exec = docker.run("exec", privileged, id, "sh", "-c", STATUS + "; /p/probe");
            assertEquals(0, exec.exitCode(), exec.toString());
            assertEquals("2", field(exec.stdout(), "Seccomp"), "an exec keeps the container's filter: " + exec);
            assertTrue(exec.stdout().contains(REFUSED + "\n"), exec.toString());
        }
        // a blocked syscall in busybox's own words: unshare needs CAP_SYS_ADMIN in the profile
        DockerCli.Result unshare = docker.run("exec", id, "unshare", "-U", "true");
        assertNotEquals(0, unshare.exitCode(), unshare.toString());
        assertTrue(unshare.stderr().contains("Operation not permitted"), unshare.toString());
    }

    @Test
    void capabilityConditionalRulesFollowCapAdd() {
        // CAP_SYS_ADMIN brings the mount family and clone3 into the profile, as Docker's includes.caps say
        DockerCli.Result run = docker.run("run", "--rm", "--cap-add", "SYS_ADMIN", "-v", mount(), "busybox", "sh",
                "-c", STATUS + "; /p/probe; mount -t tmpfs t /tmp && echo mounted");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("2", field(run.stdout(), "Seccomp"), run.toString());
        assertTrue(run.stdout().contains("mounted\n"), run.toString());
        assertTrue(run.stdout().contains("personality=1 vsock=1 clone3=22\n"),
                "clone3 reaches the kernel (EINVAL for its empty arguments), the rest stays refused: " + run);
    }

    @Test
    void unconfinedAndPrivilegedOptOut() {
        for (List<String> opt : List.of(List.of("--security-opt", "seccomp=unconfined"), List.of("--privileged"))) {
            String id = made.runDetached(concat(opt, "-v", mount(), "busybox", "sleep", "1000"));
            DockerCli.Result exec = docker.run("exec", id, "sh", "-c", STATUS + "; /p/probe");
            assertEquals("0", field(exec.stdout(), "Seccomp"), opt + ": " + exec);
            assertTrue(exec.stdout().contains("personality=0 "), opt + ": " + exec);
            assertTrue(!exec.stdout().contains("clone3=38"), "the kernel's own EINVAL: " + exec);
            DockerCli.Result run = docker.run(concat(List.of("run", "--rm"),
                    concat(opt, "busybox", "grep", "Seccomp:", "/proc/self/status")));
            assertEquals("0", field(run.stdout(), "Seccomp"), opt + ": " + run);
        }
        String id = made.runDetached("--security-opt", "seccomp=unconfined", "busybox", "true");
        assertEquals("[seccomp=unconfined]", made.inspect(id, "{{.HostConfig.SecurityOpt}}"));
    }

    @Test
    void aProfileFileAppliesToTheContainerAndItsExecs() throws Exception {
        Path profile = probeDir.resolve("no-mkdir.json");
        Files.writeString(profile, """
                {
                  "defaultAction": "SCMP_ACT_ALLOW",
                  "syscalls": [ { "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO" } ]
                }
                """);
        DockerCli.Result run = docker.run("run", "--rm", "--security-opt", "seccomp=" + profile, "busybox", "sh",
                "-c", STATUS + "; mkdir /tmp/d && echo made || echo mkdir-refused; touch /tmp/f && echo touched");
        assertEquals("2", field(run.stdout(), "Seccomp"), run.toString());
        assertTrue(run.stdout().contains("mkdir-refused\ntouched\n"), run.toString());
        assertTrue(run.stderr().contains("Operation not permitted"), run.toString());

        String id = made.runDetached("--security-opt", "seccomp=" + profile, "busybox", "sleep", "1000");
        DockerCli.Result exec = docker.run("exec", id, "mkdir", "/tmp/e");
        assertNotEquals(0, exec.exitCode(), exec.toString());
        assertTrue(exec.stderr().contains("Operation not permitted"), exec.toString());
        // what the CLI sent: the file's JSON, compacted
        String opt = made.inspect(id, "{{json .HostConfig.SecurityOpt}}");
        assertTrue(opt.contains("seccomp={\\\"defaultAction\\\":\\\"SCMP_ACT_ALLOW\\\""), opt);
    }

    @Test
    void aMalformedProfileIsRefusedNamingIt() throws Exception {
        Path bad = probeDir.resolve("bad-action.json");
        Files.writeString(bad, "{\"defaultAction\": \"SCMP_ACT_SOMETIMES\", \"syscalls\": []}");
        DockerCli.Result run = docker.run("run", "--rm", "--security-opt", "seccomp=" + bad, "busybox", "true");
        assertEquals(125, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("seccomp profile") && run.stderr().contains("SCMP_ACT_SOMETIMES"),
                run.toString());

        String raw = curl.run("-X", "POST", "-H", "Content-Type: application/json", "-d",
                "{\"Image\":\"busybox\",\"HostConfig\":{\"SecurityOpt\":[\"seccomp={oops\"]}}",
                "http://docker/v1.43/containers/create");
        assertEquals(400, OpsCurl.status(raw), raw);
        assertTrue(raw.contains("Decoding seccomp profile failed"), raw);
        DockerCli.Result apparmor = docker.run("run", "--rm", "--security-opt", "apparmor=unconfined", "busybox",
                "true");
        assertEquals(125, apparmor.exitCode(), apparmor.toString());
        assertTrue(apparmor.stderr().contains("apparmor=unconfined"), apparmor.toString());
    }

    @Test
    void infoListsTheBuiltinProfile() {
        String options = docker.out("info", "--format", "{{json .SecurityOptions}}");
        assertTrue(options.contains("name=seccomp,profile=builtin"), options);
    }

    private static String[] concat(List<String> first, String... rest) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }
}
