package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The platform comes up and the real docker CLI recognises it as a Docker Engine. */
@E2e
class SmokeIT {
    private static DockerCli docker;

    @Test
    void dockerVersionShowsServerApi144() {
        DockerCli.Result result = docker.run("version", "--format", "{{.Server.APIVersion}}");
        assertTrue(result.ok(), result.toString());
        assertEquals("1.44", result.stdout().trim(), result.toString());
    }

    @Test
    void dockerInfoAnswers() {
        DockerCli.Result result = docker.run("info", "--format", "{{.ServerVersion}} {{.OperatingSystem}}");
        assertTrue(result.ok(), result.toString());
        assertFalse(result.stdout().isBlank(), result.toString());
    }
}
