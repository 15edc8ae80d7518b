/*
 * berth-exec: runs one more process inside a running container (docker exec), then exits with its code.
 *
 * Why it exists: the JVM never forks, and entering a container's namespaces (setns of a mount namespace needs a
 * single-threaded caller) must happen between fork and exec. The agent starts this with a ProcessBuilder and
 * talks to its stdio; no JVM code runs in the container.
 *
 * Usage:
 *   berth-exec --pid <host pid of the container's init> [--cgroup <cgroup.procs file>]...
 *              [--env K=V]... [--cwd DIR] [--uid N --gid N] [--tty [--size-file F] [--rows R --cols C]]
 *              -- <argv>...
 * The environment is exactly the --env list (the agent merges the container's and the exec's); the command is
 * looked up in that list's PATH, or Docker's default PATH.
 *
 * The ladder (a closed set of messages):
 *
 *   agent                      berth-exec                                  child (the exec'd process)
 *     | spawn(args) ---------> | own pid -> every cgroup.procs             |
 *     |                        | open /proc/<pid>/ns/{ipc,uts,net,pid,cgroup,mnt} and /proc/<pid>/root
 *     |                        | setns each (mnt last), chroot to the container root
 *     |                        | fork (the pid namespace applies from here) --> | setsid, [pty slave = ctty]
 *     |                        |                                           | PDEATHSIG, setgid/setuid, chdir,
 *     |                        |                                           | close fds, execve
 *     |                        | <---- EOF on the error pipe (exec ok) or {code, message}
 *     | <-- stderr: "OCI runtime exec failed: ...", exit 126/127 (or 125 for a setup failure)
 *     |  without tty: the child holds our stdin/stdout/stderr itself
 *     |  with tty: stdin -> pty master -> stdout; stderr carries only our own errors
 *     |  resize (tty): agent writes "<rows> <cols>\n" to the size file, then sends SIGWINCH
 *     | <-- exit code = the child's (128 + signal if it was killed)
 */
#include "fdio.h"
#include "pathexec.h"
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pty.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_LIST 256

struct spec {
    long pid, uid, gid;
    int tty;
    unsigned short rows, cols;
    const char *cwd, *size_file;
    char *argv[MAX_LIST + 1];
    char *env[MAX_LIST + 1];
    char *cgroups[MAX_LIST + 1];
    int argc, envc, cgroupc;
};

/* What the child sends on the error pipe when a stage fails. */
struct failure {
    int code;
    char message[400];
};

static struct spec spec = {.uid = -1, .gid = -1, .cwd = "/"};
static int error_pipe[2];
static int winch_pipe[2] = {-1, -1};

/* ---------- arguments ---------- */

static int append(char **list, int *count, char *value) {
    if (*count >= MAX_LIST) return -1;
    list[(*count)++] = value;
    list[*count] = NULL;
    return 0;
}

static int parse_args(int argc, char **argv) {
    int i = 1;
    for (; i < argc; i++) {
        const char *k = argv[i];
        if (!strcmp(k, "--")) { i++; break; }
        if (!strcmp(k, "--tty")) { spec.tty = 1; continue; }
        if (i + 1 >= argc) return -1;
        char *v = argv[++i];
        int bad = 0;
        if (!strcmp(k, "--pid")) spec.pid = atol(v);
        else if (!strcmp(k, "--cgroup")) bad = append(spec.cgroups, &spec.cgroupc, v);
        else if (!strcmp(k, "--env")) bad = append(spec.env, &spec.envc, v);
        else if (!strcmp(k, "--cwd")) spec.cwd = v;
        else if (!strcmp(k, "--uid")) spec.uid = atol(v);
        else if (!strcmp(k, "--gid")) spec.gid = atol(v);
        else if (!strcmp(k, "--size-file")) spec.size_file = v;
        else if (!strcmp(k, "--rows")) spec.rows = (unsigned short) atoi(v);
        else if (!strcmp(k, "--cols")) spec.cols = (unsigned short) atoi(v);
        else return -1;
        if (bad) return -1;
    }
    for (; i < argc; i++)
        if (append(spec.argv, &spec.argc, argv[i]) < 0) return -1;
    return spec.pid > 0 && spec.argc > 0 ? 0 : -1;
}

/* ---------- small I/O ---------- */

/* Go's error strings (which Docker prints) start in lower case; strerror's start in upper case. */
static const char *go_error(int err) {
    static char text[128];
    snprintf(text, sizeof text, "%s", strerror(err));
    if (text[0] >= 'A' && text[0] <= 'Z') text[0] = (char) (text[0] - 'A' + 'a');
    return text;
}

/* Docker's wording, so the CLI user sees what `docker exec` on dockerd would print. */
static int report(int code, const char *message) {
    dprintf(2, "OCI runtime exec failed: exec failed: unable to start container process: %s: unknown\n", message);
    return code;
}

/* ---------- parent stages (joining the container) ---------- */

static int join_cgroups(char *why, size_t size) {
    char text[32];
    snprintf(text, sizeof text, "%d\n", getpid());
    for (int i = 0; i < spec.cgroupc; i++) {
        int fd = open(spec.cgroups[i], O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write_all(fd, text, strlen(text)) < 0) {
            snprintf(why, size, "join cgroup %s: %s", spec.cgroups[i], strerror(errno));
            if (fd >= 0) close(fd);
            return -1;
        }
        close(fd);
    }
    return 0;
}

/* All fds are opened first: once in the container's mount namespace, /proc/<host pid> means nothing. */
static int join_namespaces(char *why, size_t size) {
    static const char *names[] = {"ipc", "uts", "net", "pid", "cgroup", "mnt"};
    enum { COUNT = sizeof names / sizeof names[0] };
    int fds[COUNT];
    char path[64];
    for (int i = 0; i < COUNT; i++) {
        snprintf(path, sizeof path, "/proc/%ld/ns/%s", spec.pid, names[i]);
        if ((fds[i] = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
            snprintf(why, size, "open %s: %s", path, strerror(errno));
            return -1;
        }
    }
    snprintf(path, sizeof path, "/proc/%ld/root", spec.pid);
    int root = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) {
        snprintf(why, size, "open %s: %s", path, strerror(errno));
        return -1;
    }
    for (int i = 0; i < COUNT; i++) {
        if (setns(fds[i], 0) < 0) {
            snprintf(why, size, "setns %s of pid %ld: %s", names[i], spec.pid, strerror(errno));
            return -1;
        }
        close(fds[i]);
    }
    /* The init pivot_rooted; its root directory, not the namespace's first mount, is the container root. */
    if (fchdir(root) < 0 || chroot(".") < 0 || chdir("/") < 0) {
        snprintf(why, size, "enter root of pid %ld: %s", spec.pid, strerror(errno));
        return -1;
    }
    close(root);
    return 0;
}

/* ---------- child stages (in the container, before exec) ---------- */

static void fail(int code, const char *fmt, ...) {
    struct failure f = {.code = code};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f.message, sizeof f.message, fmt, ap);
    va_end(ap);
    write_all(error_pipe[1], (const char *) &f, sizeof f);
    _exit(code);
}

static void take_terminal(int slave) {
    if (setsid() < 0) fail(125, "setsid: %s", strerror(errno));
    if (spec.tty) {
        if (ioctl(slave, TIOCSCTTY, 0) < 0) fail(125, "set controlling terminal: %s", strerror(errno));
        if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0) fail(125, "dup2: %s", strerror(errno));
    }
}

static void become_user(void) {
    if (spec.gid >= 0) {
        if (setgroups(0, NULL) < 0) fail(125, "setgroups: %s", strerror(errno));
        if (setgid((gid_t) spec.gid) < 0) fail(125, "setgid %ld: %s", spec.gid, strerror(errno));
    }
    if (spec.uid >= 0 && setuid((uid_t) spec.uid) < 0) fail(125, "setuid %ld: %s", spec.uid, strerror(errno));
    if (chdir(spec.cwd) < 0)
        fail(126, "chdir to cwd (\"%s\") set in config.json failed: %s", spec.cwd, go_error(errno));
}

static void close_other_fds(void) {
    /* Keep 0, 1, 2 and the error pipe (moved to 3, still CLOEXEC) so nothing of ours leaks in. */
    if (error_pipe[1] != 3) {
        if (dup3(error_pipe[1], 3, O_CLOEXEC) < 0) fail(125, "dup3: %s", strerror(errno));
        error_pipe[1] = 3;
    }
    if (syscall(SYS_close_range, 4U, ~0U, 0U) < 0) fail(125, "close_range: %s", strerror(errno));
}

/* execvp with the container's PATH (not ours); Docker's wording on failure (pathexec.c). */
static void exec_command(void) {
    char why[512];
    int code = path_exec(spec.argv, spec.env, 126, why, sizeof why);
    fail(code, "%s", why);
}

static void child_main(int slave) {
    signal(SIGPIPE, SIG_DFL);
    signal(SIGWINCH, SIG_DFL);
    take_terminal(slave);
    /* If berth-exec is killed, so is the process it started: nobody would relay its output any more. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    become_user();
    close_other_fds();
    exec_command();
}

/* ---------- tty relay (parent) ---------- */

static void on_winch(int sig) {
    (void) sig;
    int saved = errno;
    if (write(winch_pipe[1], "w", 1) < 0) { /* a pending byte already says it */ }
    errno = saved;
}

static void apply_size(int master) {
    if (!spec.size_file) return;
    FILE *f = fopen(spec.size_file, "re");
    if (!f) return;
    unsigned rows = 0, cols = 0;
    if (fscanf(f, "%u %u", &rows, &cols) == 2 && rows && cols) {
        struct winsize ws = {.ws_row = (unsigned short) rows, .ws_col = (unsigned short) cols};
        ioctl(master, TIOCSWINSZ, &ws);
    }
    fclose(f);
}

/* Copies stdin -> master and master -> stdout until the terminal has no writer left (EIO/EOF). */
static void relay(int master) {
    char buf[16384];
    struct pollfd fds[3] = {{.fd = 0, .events = POLLIN}, {.fd = master, .events = POLLIN},
                            {.fd = winch_pipe[0], .events = POLLIN}};
    for (;;) {
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[2].revents) {
            if (read(winch_pipe[0], buf, sizeof buf) < 0) { /* drained either way */ }
            apply_size(master);
        }
        if (fds[0].revents) {
            ssize_t n = read(0, buf, sizeof buf);
            /* stdin's EOF is not the end: output keeps flowing until the process is done. */
            if (n <= 0 || write_all(master, buf, (size_t) n) < 0) fds[0].fd = -1;
        }
        if (fds[1].revents) {
            ssize_t n = read(master, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return;
            if (write_all(1, buf, (size_t) n) < 0) return;
        }
    }
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
    if (parse_args(argc, argv) < 0) return report(125, "berth-exec: bad arguments");
    signal(SIGPIPE, SIG_IGN);
    if (join_cgroups(why, sizeof why) < 0 || join_namespaces(why, sizeof why) < 0) return report(125, why);
    if (pipe2(error_pipe, O_CLOEXEC) < 0) return report(125, "berth-exec: pipe");

    int master = -1, slave = -1;
    if (spec.tty) {
        struct winsize ws = {.ws_row = spec.rows ? spec.rows : 24, .ws_col = spec.cols ? spec.cols : 80};
        /* Opened after setns, so the pty belongs to the container's devpts (the child sees /dev/pts/N). */
        if (openpty(&master, &slave, NULL, NULL, &ws) < 0) {
            snprintf(why, sizeof why, "openpty: %s", strerror(errno));
            return report(125, why);
        }
        fcntl(master, F_SETFD, FD_CLOEXEC);
        if (pipe2(winch_pipe, O_CLOEXEC | O_NONBLOCK) < 0) return report(125, "berth-exec: pipe");
        signal(SIGWINCH, on_winch);
    }

    pid_t child = fork();
    if (child < 0) {
        snprintf(why, sizeof why, "fork: %s", strerror(errno));
        return report(125, why);
    }
    if (child == 0) child_main(slave);
    close(error_pipe[1]);
    if (slave >= 0) close(slave);

    struct failure f;
    ssize_t got;
    do got = read(error_pipe[0], &f, sizeof f); while (got < 0 && errno == EINTR);
    close(error_pipe[0]);
    if (got > 0) {
        reap(child);
        f.message[sizeof f.message - 1] = 0;
        return report(f.code, f.message);
    }
    if (spec.tty) relay(master);
    return reap(child);
}
