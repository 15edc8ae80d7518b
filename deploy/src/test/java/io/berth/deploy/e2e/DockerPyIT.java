package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docker-py, unchanged, drives Berth: the script lists, runs, waits for, reads logs of and removes containers. */
@E2e
class DockerPyIT {

    @Test
    void dockerPyScriptPasses() throws Exception {
        Path script = Path.of("src/test/python/docker_py_client.py").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString()).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", "unix://" + Platform.get().socket());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "docker-py script timed out: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("docker-py: 1 passed, 0 failed"), out);
    }
}
