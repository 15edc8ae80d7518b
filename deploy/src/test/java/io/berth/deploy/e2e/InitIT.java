package io.berth.deploy.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docker run --init}: the init (Debian's static tini) is PID 1, the command its child; an orphan the
 * command leaves behind is reaped rather than left a zombie (and without --init it is not, so the check can
 * fail); SIGTERM from {@code docker stop} reaches a command that as PID 1 would have ignored it.
 */
@E2e
class InitIT {
    private static DockerCli docker;
    private static MadeContainers made;

    @Test
    void initIsPidOneAndTheCommandItsChild() {
        String id = made.runDetached("--init", "busybox", "sleep", "300");
        assertEquals("/dev/init -- sleep 300", docker.out("exec", id, "sh", "-c", "tr '\\0' ' ' </proc/1/cmdline").trim());
        assertEquals("1", docker.out("exec", id, "sh", "-c", "cut -d' ' -f4 /proc/$(pidof sleep)/stat"),
                "sleep's parent is the init");
        assertEquals("true", made.inspect(id, "{{.HostConfig.Init}}"));
        DockerCli.Result write = docker.run("exec", id, "sh", "-c", "echo x > /dev/init");
        assertFalse(write.ok(), "the init is read-only: " + write);

        String plain = made.runDetached("busybox", "sleep", "300");
        assertEquals("sleep 300", docker.out("exec", plain, "sh", "-c", "tr '\\0' ' ' </proc/1/cmdline").trim());
        assertEquals("<nil>", made.inspect(plain, "{{.HostConfig.Init}}"));
    }

    @Test
    void orphansAreReapedOnlyWithAnInit() throws InterruptedException {
        // the subshell exits at once, so `sleep 1` is orphaned to PID 1 and exits a second later
        String[] orphaning = {"busybox", "sh", "-c", "(sleep 1 &); exec sleep 300"};
        String withInit = made.runDetached(prepend("--init", orphaning));
        String without = made.runDetached(orphaning);
        Thread.sleep(3000);
        assertEquals("", zombies(withInit), "the init reaped the orphan");
        assertEquals("Z", zombies(without), "without an init, sleep as PID 1 leaves the orphan a zombie");
    }

    @Test
    void stopReachesTheCommandThroughTheInit() {
        String id = made.runDetached("--init", "busybox", "sleep", "300");
        long start = System.nanoTime();
        docker.out("stop", "-t", "20", id);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.toSeconds() < 10, "SIGTERM ended it before the 20 s timeout: " + took);
        assertEquals("143", made.inspect(id, "{{.State.ExitCode}}"), "the init passes on the command's status");
    }

    @Test
    void initAlsoWorksWithATerminal() {
        DockerCli.Result r = docker.run("run", "--rm", "--init", "-t", "busybox", "sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '; echo; tty");
        assertTrue(r.ok(), r.toString());
        assertTrue(r.stdout().contains("/dev/init -- sh"), r.toString());
        assertTrue(r.stdout().contains("/dev/pts/0"), r.toString());
    }

    /** The states of the zombie processes in the container, concatenated. */
    private static String zombies(String id) {
        return docker.out("exec", id, "sh", "-c", "for s in /proc/[0-9]*/stat; do cut -d' ' -f3 $s; done | grep Z | tr -d '\\n'");
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
