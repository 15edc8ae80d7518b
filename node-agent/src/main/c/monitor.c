/*
 * berth-monitor: starts one container and stays with it until it exits (like conmon).
 *
 * Why it exists: the JVM never forks. Everything that must happen between fork and exec (namespaces, mounts,
 * pivot_root, ids) happens here, and the monitor outlives the agent so a restarted agent can adopt the
 * container from the state files.
 *
 * Usage: berth-monitor <spec-file> (the keys: spec.h). This file is the two mains, read top-down: the child's
 * (the container's init, until exec) and the monitor's own. The pieces: spec.c (the spec), rootfs.c (mounts and
 * pivot_root), init.c (capabilities, ids, no_new_privs, fds, workdir, exec; shared with berth-exec), terminal.c
 * (the pty), fdpass.c (its master back to us), join.c (cgroups), relay.c (log, stdin and control FIFOs).
 *
 * Input (tty or stdin): two FIFOs in the state dir, made before the handshake and held open read-write, so
 * writers may come and go (one per attach, and across agent restarts) without an EOF: <state>/stdin (raw bytes
 * for the command's stdin: the pipe, or the pty master) and <state>/control (control lines, relay.h). Writers
 * write the stdin bytes before the close line, so draining the FIFO at that moment loses none.
 *
 * The ladder (one line each, a closed set of messages):
 *
 *   agent                        monitor                              child (container init)
 *     |  spawn(spec)  ------------> |                                     |
 *     |                             | setsid, ignore SIGPIPE/SIGHUP,      |
 *     |                             | subreaper, pipes                    |
 *     |                             | clone(NEWPID|NEWNS|NEWUTS|NEWIPC|NEWNET) --> | blocks on sync pipe
 *     |                             | pid -> every cgroup.procs           |
 *     |                             | "go" (1 byte) on sync ------------> |
 *     |                             |                                     | unshare(NEWCGROUP), mounts,
 *     |                             |                                     | pivot_root, [tty: open the pty
 *     |                             |                                     | in its own devpts, slave = ctty,
 *     |                             | <---- master fd (SCM_RIGHTS) ------ | master -> console socket]
 *     |                             |                                     | masked and read-only paths,
 *     |                             |                                     | hostname, then init_process:
 *     |                             |                                     | bounding set, ids, capset,
 *     |                             |                                     | no_new_privs, close fds,
 *     |                             |                                     | chdir + getcwd check, exec
 *     |                             | <-------- EOF on error pipe (exec ok) or {code, message}
 *     |                             | writes <state>/state.started        |
 *     | <-- "ok <pid>\n" or "error <code> <message>\n"; stdout -> /dev/null
 *     |                             | child stdout/stderr -> json log     |
 *     |                             | FIFO stdin -> child; control lines  |
 *     |                             | waitpid; <state>/state.exit (tmp + rename); exit 0
 *
 * Keeping the container away from this binary (runc's CVE-2019-5736): the child execs the container's
 * command before any other process exists in the container's pid namespace, so nothing inside ever sees
 * a /proc/<pid>/exe that is berth-monitor; the monitor itself stays in the host's namespaces, and the
 * binary lives outside every container root, extracted by MonitorBinary as a root-owned 0555 file in a
 * 0700 directory. The working directory is entered only after every other descriptor is closed, and getcwd
 * must then still name a path under the new root (init.h; runc's CVE-2024-21626).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "failure.h"
#include "fdio.h"
#include "fdpass.h"
#include "init.h"
#include "join.h"
#include "relay.h"
#include "rootfs.h"
#include "spec.h"
#include "terminal.h"
#include "userns.h"

#define STACK_SIZE (64 * 1024)

struct pipes {
    int sync[2];    /* monitor -> child: "go" once the child is in its cgroups */
    int error[2];   /* child -> monitor: CLOEXEC, so EOF means exec succeeded (failure.h) */
    int out[2], err[2];
    int in[2];      /* monitor -> child stdin (stdin without tty) */
    int console[2]; /* child -> monitor: the pty master (tty), as SCM_RIGHTS */
};

static struct spec spec;
static struct pipes pipes;
static int netns_fd = -1; /* the namespace named by "net <path>", opened by the monitor, joined by the child */

/* ---------- the child: the container's init, until exec ---------- */

static void wire_stdio(void) {
    if (spec.tty) return; /* set once the pty exists (open_terminal); the monitor's own are harmless until then */
    int in_fd = spec.stdin_open ? pipes.in[0] : open("/dev/null", O_RDONLY);
    if (in_fd < 0 || dup2(in_fd, 0) < 0 || dup2(pipes.out[1], 1) < 0 || dup2(pipes.err[1], 2) < 0)
        fail(125, "stdio: %s", strerror(errno));
    if (!spec.stdin_open) close(in_fd);
}

static void close_monitor_ends(void) {
    close(pipes.out[0]), close(pipes.out[1]), close(pipes.err[0]), close(pipes.err[1]);
    close(pipes.in[0]), close(pipes.in[1]), close(pipes.console[0]);
    close(pipes.sync[1]), close(pipes.error[0]);
}

static void wait_for_cgroups(void) {
    char go;
    /* EOF instead of "go": the monitor could not place us in our cgroups; leave quietly. */
    if (read(pipes.sync[0], &go, 1) != 1) _exit(125);
    close(pipes.sync[0]);
    /* After joining the cgroups, so the cgroup namespace root is the container's own cgroup. */
    must(unshare(CLONE_NEWCGROUP), "unshare", "cgroup namespace");
}

/*
 * Without stdin the child was given the host's /dev/null (opened before pivot_root); its own instead, so no
 * descriptor to a file of the host's /dev is left in the container (as runc's reOpenDevNull).
 */
static void reopen_null_stdin(void) {
    if (spec.tty || spec.stdin_open) return;
    int fd = open("/dev/null", O_RDONLY);
    if (fd < 0 || dup2(fd, 0) < 0) fail(125, "reopen /dev/null as stdin: %s", strerror(errno));
    close(fd);
}

/* From the container's own devpts (after pivot_root); the monitor gets only the master, never the slave. */
static void open_terminal(void) {
    char why[256];
    int master, slave;
    if (terminal_open(spec.rows, spec.cols, &master, &slave, why, sizeof why) < 0) fail(125, "%s", why);
    /* the container's root owns its terminal, as its other files (and may open it again by name) */
    if (spec.userns_count && fchown(slave, (uid_t) spec.userns_base, (gid_t) spec.userns_base) < 0)
        fail(125, "chown the terminal: %s", strerror(errno));
    terminal_take(slave);
    if (fdpass_send(pipes.console[1], master) < 0) fail(125, "send pty master: %s", strerror(errno));
    close(master);
    close(pipes.console[1]);
}

/* One sysctl of the container's own network namespace (/proc/sys/net follows the writer's namespace). */
static void sysctl_net(const char *name, const char *value) {
    char path[128];
    snprintf(path, sizeof path, "/proc/sys/net/%s", name);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write_all(fd, value, strlen(value)) < 0) fail(125, "sysctl %s: %s", path, strerror(errno));
    close(fd);
}

/*
 * The network namespace belongs to the host's user namespace, so the container's root has no
 * CAP_NET_BIND_SERVICE or CAP_NET_RAW in it: low ports and ping are opened to everyone in it, as dockerd does
 * by default. Never for the host's own namespace.
 */
static void open_network_to_userns_root(void) {
    sysctl_net("ipv4/ip_unprivileged_port_start", "0");
    sysctl_net("ipv4/ping_group_range", "0 2147483647");
}

static int child_main(void *unused) {
    (void) unused;
    failure_fd = pipes.error[1];
    wire_stdio();
    close_monitor_ends();
    signal(SIGPIPE, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    wait_for_cgroups();
    if (netns_fd >= 0) {
        must(setns(netns_fd, CLONE_NEWNET), "join network namespace", spec.net);
        close(netns_fd);
    }
    if (spec.userns_count && !(spec.net && !strcmp(spec.net, "host"))) open_network_to_userns_root();
    rootfs_build(&spec);
    rootfs_enter(&spec);
    reopen_null_stdin();
    if (spec.tty) open_terminal();
    rootfs_confine(&spec);
    if (spec.hostname && *spec.hostname)
        must(sethostname(spec.hostname, strlen(spec.hostname)), "sethostname", spec.hostname);
    init_process(&spec.process);
}

/* ---------- the monitor ---------- */

static void detach(void) {
    setsid();
    /* Do not pin the agent's working directory (or its mount) for the container's whole life. */
    if (chdir("/") < 0) _exit(125);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
}

static int make_pipes(void) {
    pipes.in[0] = pipes.in[1] = pipes.console[0] = pipes.console[1] = -1;
    int rc = pipe2(pipes.sync, O_CLOEXEC) | pipe2(pipes.error, O_CLOEXEC) | pipe2(pipes.out, O_CLOEXEC) |
             pipe2(pipes.err, O_CLOEXEC);
    if (spec.tty) rc |= socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pipes.console);
    else if (spec.stdin_open) rc |= pipe2(pipes.in, O_CLOEXEC);
    return rc;
}

static pid_t spawn_child(void) {
    char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) return -1;
    int flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | (spec.net ? 0 : CLONE_NEWNET) | SIGCHLD;
    pid_t pid = clone(child_main, stack + STACK_SIZE, flags, NULL);
    munmap(stack, STACK_SIZE);
    close(pipes.sync[0]), close(pipes.error[1]), close(pipes.out[1]), close(pipes.err[1]);
    close(pipes.in[0]), close(pipes.console[1]);
    return pid;
}

static int exit_code(int status) {
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* As a subreaper we also collect the container's orphans; only the child's status counts. */
static int reap(pid_t child) {
    int status = 0;
    for (;;) {
        pid_t got = waitpid(-1, &status, 0);
        if (got == child) return exit_code(status);
        if (got < 0 && errno != EINTR) return 255;
    }
}

/*
 * Readers must never see half a state file: write a temp file and rename it over. With *unsynced, the file is
 * renamed into place before it is synced, and its descriptor is left there for sync_state: the agent reads
 * state.started right after "ok", and an fsync (ms, tens of ms on a busy disk) need not come before that. A host
 * crash in between can leave the file empty, which the agent reads as absent (MonitorState), as if the crash
 * had come before the rename; after a reboot the container is gone either way.
 */
static int write_state(const char *name, const char *text, int *unsynced) {
    char path[4096], tmp[4096];
    snprintf(path, sizeof path, "%s/%s", spec.state, name);
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", spec.state, name);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    int rc = write_all(fd, text, strlen(text));
    if (rc == 0 && !unsynced) rc = fsync(fd);
    if (rc == 0) rc = rename(tmp, path);
    if (rc == 0 && unsynced) *unsynced = fd;
    else close(fd);
    return rc;
}

static void sync_state(int fd) {
    if (fd < 0) return;
    fsync(fd);
    close(fd);
}

static long long now_nanos(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int handshake_error(int code, const char *message) {
    printf("error %d %s\n", code, message);
    fflush(stdout);
    return code;
}

/* A failure after clone: the child must not outlive the refusal. */
static int abandon(pid_t child, int code, const char *message) {
    kill(child, SIGKILL);
    reap(child);
    return handshake_error(code, message);
}

static int spec_ok(void) {
    return spec.rootfs && spec.process.cwd && spec.log && spec.state && spec.process.argc > 0;
}

int main(int argc, char **argv) {
    spec_init(&spec);
    spec.process.other_code = 125;
    if (argc != 2 || spec_read_file(&spec, argv[1]) < 0 || !spec_ok())
        return handshake_error(125, "berth-monitor: unreadable spec");
    detach();
    if (make_pipes() < 0) return handshake_error(125, "berth-monitor: pipes");
    FILE *log = fopen(spec.log, "ae");
    if (!log) return handshake_error(125, "berth-monitor: cannot open log");

    char why[512];
    /* opened here, joined by the child: the monitor itself stays in the host's namespaces */
    if (spec.net && strcmp(spec.net, "host") && (netns_fd = open(spec.net, O_RDONLY | O_CLOEXEC)) < 0) {
        snprintf(why, sizeof why, "network namespace %s: %s", spec.net, strerror(errno));
        return handshake_error(125, why);
    }
    /* made here, as host root, so the maps can name any range; entered by the child last (init.h) */
    if (spec.userns_count && spec.userns_from_net && netns_fd >= 0) {
        /* the agent made the network namespace inside the container's user namespace: that one is entered */
        if ((spec.process.userns_fd = ioctl(netns_fd, NS_GET_USERNS)) < 0) {
            snprintf(why, sizeof why, "user namespace of %s: %s", spec.net, strerror(errno));
            return handshake_error(125, why);
        }
    } else if (spec.userns_count &&
               (spec.process.userns_fd = userns_open(spec.userns_base, spec.userns_count, why, sizeof why)) < 0) {
        return handshake_error(125, why);
    }
    spec.process.own_mount_namespace = spec.process.userns_fd >= 0;
    /* here, in the host's mount namespace: the child reads the program from memory after pivot_root */
    seccomp_cache_open(&spec.process.seccomp);
    pid_t child = spawn_child();
    if (netns_fd >= 0) close(netns_fd);
    if (spec.process.userns_fd >= 0) close(spec.process.userns_fd);
    if (child < 0) {
        snprintf(why, sizeof why, "clone: %s", strerror(errno));
        return handshake_error(125, why);
    }
    if (join_cgroups(spec.cgroups, spec.cgroupc, child, why, sizeof why) < 0) return abandon(child, 125, why);
    /* Before the handshake: once the agent hears "ok", an attach may write into them. */
    int fifo = -1, control = -1;
    if (spec.tty || spec.stdin_open) {
        fifo = relay_fifo(spec.state, "stdin");
        control = relay_fifo(spec.state, "control");
        if (fifo < 0 || control < 0) {
            snprintf(why, sizeof why, "stdin fifos in %s: %s", spec.state, strerror(errno));
            return abandon(child, 125, why);
        }
    }
    if (write_all(pipes.sync[1], "g", 1) < 0) return handshake_error(125, "berth-monitor: child vanished");
    close(pipes.sync[1]);

    struct failure f;
    int failed = failure_receive(pipes.error[0], &f);
    close(pipes.error[0]);
    seccomp_cache_close(&spec.process.seccomp, !failed);
    if (failed) {
        reap(child);
        return handshake_error(f.code, f.message);
    }

    int master = -1;
    if (spec.tty && (master = fdpass_receive(pipes.console[0])) < 0)
        return abandon(child, 125, "berth-monitor: no pty master from the container");
    close(pipes.console[0]);

    char state[128];
    snprintf(state, sizeof state, "child %d\nmonitor %d\nstarted %lld\n", child, getpid(), now_nanos());
    int started = -1;
    if (write_state("state.started", state, &started) < 0)
        return abandon(child, 125, "berth-monitor: cannot write state.started");
    printf("ok %d\n", child);
    fflush(stdout);
    sync_state(started);
    /* The agent may die at any moment from now on: never touch its pipe again. */
    int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, 0);
    dup2(null_fd, 1);
    close(null_fd);

    if (master >= 0) close(pipes.out[0]), close(pipes.err[0]);
    struct log_relay relay = {.log = log, .master = master, .out = pipes.out[0], .err = pipes.err[0],
                              .in = pipes.in[1], .fifo = fifo, .control = control};
    relay_log(&relay);
    int code = reap(child);
    fclose(log);
    snprintf(state, sizeof state, "code %d\nfinished %lld\n", code, now_nanos());
    write_state("state.exit", state, NULL);
    return 0;
}
