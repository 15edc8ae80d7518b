package io.berth.deploy.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docker commit}: the container's changes (added, changed and deleted files) become a layer on its image,
 * with the {@code -c} changes, {@code -m} and {@code -a}; the new image runs, shows in {@code docker history},
 * and a refused commit leaves no image behind. A running container is frozen only while it is read.
 */
@E2e
class CommitIT {
    private static DockerCli docker;
    private static MadeContainers made;
    private final List<String> images = new ArrayList<>();

    @AfterEach
    void removeImages() {
        made.removeAll();
        for (String image : images) {
            docker.run("rmi", "-f", image);
        }
    }

    @Test
    void aCommittedContainerRunsAsAnImageWithItsChanges() {
        String id = made.runDetached("busybox", "sh", "-c", "echo kept > /added.txt && echo more >> /etc/group && "
                + "rm /etc/passwd && rm -rf /usr/sbin && mkdir /usr/sbin && touch /usr/sbin/mine && sleep 300");
        assertTrue(Eventually.holds(java.time.Duration.ofSeconds(10),
                () -> docker.run("diff", id).stdout().contains("D /etc/passwd")), "the changes are made");
        images.add("berth-commit:one");
        String imageId = docker.out("commit", "-c", "CMD [\"cat\", \"/added.txt\"]", "-c", "ENV FROM_COMMIT=yes",
                "-m", "a message", "-a", "Berth Tester", id, "berth-commit:one");
        assertTrue(imageId.matches("sha256:[0-9a-f]{64}"), imageId);
        assertEquals("running", made.inspect(id, "{{.State.Status}}"), "thawed after the commit");

        assertEquals("kept", docker.out("run", "--rm", "berth-commit:one"), "the new CMD runs and sees the added file");
        assertEquals("yes", docker.out("run", "--rm", "berth-commit:one", "sh", "-c", "echo $FROM_COMMIT"));
        DockerCli.Result passwd = docker.run("run", "--rm", "berth-commit:one", "cat", "/etc/passwd");
        assertFalse(passwd.ok(), "a file the container deleted is gone from the image: " + passwd);
        assertEquals("mine", docker.out("run", "--rm", "berth-commit:one", "ls", "/usr/sbin"),
                "an opaque directory hides what the base image had there");
        assertTrue(docker.out("run", "--rm", "berth-commit:one", "tail", "-n", "1", "/etc/group").equals("more"));

        String history = docker.out("history", "--no-trunc", "--format", "{{.CreatedBy}}|{{.Comment}}", "berth-commit:one");
        assertTrue(history.lines().findFirst().orElse("").endsWith("|a message"), history);
        assertEquals(imageId, docker.out("image", "inspect", "-f", "{{.Id}}", "berth-commit:one"));
        assertEquals("[cat /added.txt]", docker.out("image", "inspect", "-f", "{{.Config.Cmd}}", "berth-commit:one"));
    }

    @Test
    void aStoppedContainerCommitsAndAPausedOneStaysPaused() {
        String stopped = made.runDetached("busybox", "sh", "-c", "echo stopped > /s.txt");
        assertTrue(Eventually.holds(java.time.Duration.ofSeconds(10),
                () -> "exited".equals(made.inspect(stopped, "{{.State.Status}}"))));
        images.add("berth-commit:stopped");
        docker.out("commit", stopped, "berth-commit:stopped");
        assertEquals("stopped", docker.out("run", "--rm", "berth-commit:stopped", "cat", "/s.txt"));

        String paused = made.runDetached("busybox", "sh", "-c", "echo p > /p.txt; sleep 300");
        assertTrue(Eventually.holds(java.time.Duration.ofSeconds(10),
                () -> docker.run("diff", paused).stdout().contains("A /p.txt")));
        docker.out("pause", paused);
        images.add("berth-commit:paused");
        docker.out("commit", paused, "berth-commit:paused");
        assertEquals("paused", made.inspect(paused, "{{.State.Status}}"), "a paused container stays paused");
        docker.out("unpause", paused);
        assertEquals("p", docker.out("run", "--rm", "berth-commit:paused", "cat", "/p.txt"));
    }

    @Test
    void aBadChangeOrMissingContainerIsRefusedAndLeavesNoImage() {
        String id = made.runDetached("busybox", "sleep", "300");
        DockerCli.Result bad = docker.run("commit", "-c", "RUN echo no", id, "berth-commit:bad");
        assertEquals(1, bad.exitCode(), bad.toString());
        assertTrue(bad.stderr().contains("run is not a valid change command"), bad.toString());
        assertFalse(docker.run("image", "inspect", "berth-commit:bad").ok(), "no image was made");
        DockerCli.Result missing = docker.run("commit", "no-such-container", "berth-commit:none");
        assertFalse(missing.ok(), missing.toString());
        assertTrue(missing.stderr().contains("No such container"), missing.toString());
    }
}
