/*
 * berth-exec: runs one more process inside a running container (docker exec), then exits with its code.
 *
 * Why it exists: the JVM never forks, and entering a container's namespaces (setns of a mount namespace needs a
 * single-threaded caller) must happen between fork and exec. The agent starts this with a ProcessBuilder and
 * talks to its stdio; no JVM code runs in the container.
 *
 * The child is in the container's pid namespace before its execve, and still this binary: berth-exec makes
 * itself non-dumpable first (inherited by the child, reset by the execve), so nothing in the container can
 * ptrace it or open its /proc/<pid>/exe or fds (runc's CVE-2019-5736).
 *
 * Usage: berth-exec --pid <host pid of the container's init> [--key value]... -- <argv>...
 * with the keys of spec.h (cgroup, env, cwd, uid, gid, caps, no_new_privs, tty, rows, cols, control). The
 * environment is exactly the env list; the command is looked up in its PATH, or Docker's default PATH. The
 * process is confined by init_process (init.h), the same code the container's own first process runs, with the
 * capabilities and no_new_privs the agent resolved for it (Confinement.java): those of the container, or all
 * of them for `docker exec --privileged`.
 *
 * The ladder (a closed set of messages):
 *
 *   agent                      berth-exec                                  child (the exec'd process)
 *     | spawn(args) ---------> | [tty: open the control FIFO]              |
 *     |                        | own pid -> every cgroup.procs             |
 *     |                        | open /proc/<pid>/ns/{ipc,uts,net,pid,cgroup,mnt} and /proc/<pid>/root
 *     |                        | setns each (mnt last), chroot to the container root
 *     |                        | [tty: open a pty in the container's devpts]
 *     |                        | fork (the pid namespace applies from here) --> | setsid, [pty slave = ctty]
 *     |                        |                                           | init_process: bounding set,
 *     |                        |                                           | ids, PDEATHSIG, capset,
 *     |                        |                                           | no_new_privs, close fds,
 *     |                        |                                           | chdir + getcwd check, execve
 *     |                        | <---- EOF on the error pipe (exec ok) or {code, message}
 *     | <-- stderr: "OCI runtime exec failed: ...", exit 126/127 (or 125 for a setup failure)
 *     |  without tty: the child holds our stdin/stdout/stderr itself
 *     |  with tty: stdin -> pty master -> stdout; stderr carries only our own errors;
 *     |  control lines from the agent on the control FIFO ("resize <rows> <cols>", relay.h)
 *     | <-- exit code = the child's (128 + signal if it was killed)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "failure.h"
#include "init.h"
#include "join.h"
#include "relay.h"
#include "spec.h"
#include "terminal.h"

static struct spec spec;

/* Docker's wording, so the CLI user sees what `docker exec` on dockerd would print. */
static int report(int code, const char *message) {
    dprintf(2, "OCI runtime exec failed: exec failed: unable to start container process: %s: unknown\n", message);
    return code;
}

/* The agent made the FIFO; held read-write, so the agent's writes never wait and its closes are no EOF. */
static int open_control(void) {
    if (!spec.control) return -1;
    return open(spec.control, O_RDWR | O_NONBLOCK | O_CLOEXEC);
}

static void child_main(int slave) {
    signal(SIGPIPE, SIG_DFL);
    if (slave >= 0) terminal_take(slave);
    else must(setsid(), "setsid", "");
    /* If berth-exec is killed, so is the process it started: nobody would relay its output any more. */
    spec.process.parent_death_signal = SIGKILL;
    init_process(&spec.process);
}

static int exit_code(int status) {
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static int reap(pid_t child) {
    int status = 0;
    for (;;) {
        pid_t got = waitpid(child, &status, 0);
        if (got == child) return exit_code(status);
        if (got < 0 && errno != EINTR) return 255;
    }
}

int main(int argc, char **argv) {
    char why[512];
    /*
     * Not dumpable, so the child (visible in the container's pid namespace from fork until its execve, which
     * makes the command's image dumpable again) cannot be ptraced, nor its /proc/<pid>/exe (this binary, on the
     * host) or fds opened or read by the container's root: runc's CVE-2019-5736. EscapesIT catches it there.
     */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) return report(125, "berth-exec: prctl dumpable");
    spec_init(&spec);
    spec.process.other_code = 126;
    if (spec_read_args(&spec, argc, argv) < 0 || spec.pid <= 0 || spec.process.argc == 0)
        return report(125, "berth-exec: bad arguments");
    signal(SIGPIPE, SIG_IGN);
    int control = spec.tty ? open_control() : -1;
    if (spec.tty && spec.control && control < 0) {
        snprintf(why, sizeof why, "open control %s: %s", spec.control, strerror(errno));
        return report(125, why);
    }
    /* before setns and chroot: the cache is in the agent's directory on the host */
    seccomp_cache_open(&spec.process.seccomp);
    if (join_cgroups(spec.cgroups, spec.cgroupc, getpid(), why, sizeof why) < 0 ||
        join_namespaces(spec.pid, spec.userns_join ? &spec.process.userns_fd : NULL, why, sizeof why) < 0)
        return report(125, why);
    int error_pipe[2];
    if (pipe2(error_pipe, O_CLOEXEC) < 0) return report(125, "berth-exec: pipe");

    int master = -1, slave = -1;
    /* After setns and chroot, so the pty belongs to the container's devpts (the child sees /dev/pts/N). */
    if (spec.tty && terminal_open(spec.rows, spec.cols, &master, &slave, why, sizeof why) < 0)
        return report(125, why);

    pid_t child = fork();
    if (child < 0) {
        snprintf(why, sizeof why, "fork: %s", strerror(errno));
        return report(125, why);
    }
    if (child == 0) {
        close(error_pipe[0]);
        if (master >= 0) close(master);
        if (control >= 0) close(control);
        failure_fd = error_pipe[1];
        child_main(slave);
    }
    close(error_pipe[1]);
    if (slave >= 0) close(slave);

    struct failure f;
    int failed = failure_receive(error_pipe[0], &f);
    close(error_pipe[0]);
    seccomp_cache_close(&spec.process.seccomp, !failed);
    if (failed) {
        reap(child);
        return report(f.code, f.message);
    }
    if (spec.tty) relay_terminal(master, control);
    return reap(child);
}
