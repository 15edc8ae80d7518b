package io.berth.deploy.e2e.tc;

import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A Testcontainers user's code, unchanged, run in its own JVM with DOCKER_HOST at Berth's gateway and Ryuk
 * disabled (Testcontainers reads both only from the environment): start busybox with a command, wait for a log
 * line, exec, read logs, stop. Prints {@code testcontainers: ok} when every step held.
 */
public final class GenericContainerProbe {

    public static void main(String[] args) throws Exception {
        try (GenericContainer<?> box = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
                .withCommand("sh", "-c", "echo ready; echo to-stderr >&2; sleep 300")
                .waitingFor(Wait.forLogMessage(".*ready.*\\n", 1))) {
            box.start();
            Container.ExecResult exec = box.execInContainer("sh", "-c", "echo hi; exit 3");
            check("hi\n".equals(exec.getStdout()), "exec stdout: " + exec.getStdout());
            check(exec.getExitCode() == 3, "exec exit code: " + exec.getExitCode());
            String logs = box.getLogs();
            check(logs.contains("ready") && logs.contains("to-stderr"), "logs: " + logs);
            check(box.isRunning(), "running");
            box.stop();
        }
        System.out.println("testcontainers: ok");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("Testcontainers saw something else: " + what);
        }
    }

    private GenericContainerProbe() {
    }
}
