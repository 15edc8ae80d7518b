/*
 * berth-monitor: starts one container and stays with it until it exits (like conmon).
 *
 * Why it exists: the JVM never forks. Everything that must happen between fork and exec (namespaces,
 * mounts, pivot_root, ids) happens here, and the monitor outlives the agent so a restarted agent can
 * adopt the container from the state files.
 *
 * Three files (one gcc call): this one reads top to bottom in the order things run (spec, small I/O, child
 * stages, monitor stages, main); confine.c holds the confinement the child applies (capabilities,
 * no_new_privs, masked and read-only paths), kept apart so this file stays about the process plumbing;
 * pathexec.c the PATH lookup and runc's exec error words, shared with berth-exec.
 *
 * Usage: berth-monitor <spec-file>. The spec is one "key value" per line, values escaped with
 * "\\" and "\n": rootfs, cwd, hostname, uid, gid, log, state, and repeated arg, env, cgroup
 * (a cgroup.procs file to join); the confinement (confine.h): caps (hex mask; absent = keep all),
 * no_new_privs, readonly_root (1 or 0), and repeated mask, readonly (paths inside the container); the user
 * mounts (mounts.h): "mount <type>" then its mount_source, mount_target, mount_options, mount_data.
 * A spec that does not parse (bad mask, too many entries) is refused rather than half applied.
 * Console keys: tty 1 (the command's stdin/stdout/stderr are a pty slave and its controlling terminal; the
 * output is logged raw, one record per read, as Docker logs a terminal), with rows and cols (its size before
 * the command runs; absent: 24x80), and stdin 1 (without tty: stdin is a pipe the monitor feeds instead of
 * /dev/null).
 *
 * Input (tty or stdin): two FIFOs in the state dir, made before the handshake and held open read-write by the
 * monitor, so writers may come and go (one per attach, and across agent restarts) without an EOF:
 *   <state>/stdin     raw bytes for the command's stdin (the pipe, or the pty master)
 *   <state>/control   lines: "resize <rows> <cols>" (TIOCSWINSZ on the master; the kernel sends SIGWINCH),
 *                     "close-stdin" (once the stdin FIFO is drained, close the pipe: the command reads EOF)
 * Writers write the stdin bytes before the close line, so draining the FIFO at that moment loses none.
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
 *     |                             |                                     | masked paths,
 *     |                             |                                     | read-only root, bounding set,
 *     |                             |                                     | hostname, ids, capset,
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
 * 0700 directory. Descriptors: all but 0, 1, 2 (and the CLOEXEC error pipe) are closed before the chdir
 * into the working directory, and getcwd must then still name a path under the new root, so a cwd
 * reached through a leaked descriptor is refused (runc's CVE-2024-21626).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fdio.h"
#include "pathexec.h"
#include "confine.h"
#include "mounts.h"

#define MAX_LIST 256
#define STACK_SIZE (64 * 1024)
#define LINE_MAX_BYTES (16 * 1024) /* Docker also splits log lines at 16 KiB */

struct spec {
    char *rootfs, *cwd, *hostname, *log, *state;
    long uid, gid; /* -1: keep root */
    int tty, stdin_open;
    long rows, cols; /* tty only: the size before exec; 0 keeps 24x80 */
    char *argv[MAX_LIST + 1];
    char *env[MAX_LIST + 1];
    char *cgroups[MAX_LIST + 1];
    int argc, envc, cgroupc;
};

struct pipes {
    int sync[2];  /* monitor -> child: "go" once the child is in its cgroups */
    int error[2]; /* child -> monitor: CLOEXEC, so EOF means exec succeeded */
    int out[2], err[2];
    int in[2];      /* monitor -> child stdin (stdin without tty) */
    int console[2]; /* child -> monitor: the pty master (tty), as SCM_RIGHTS */
};

/* What the child sends on the error pipe when a stage fails. */
struct failure {
    int code;
    char message[400];
};

static struct spec spec;
static struct confinement confinement;
static struct user_mounts user_mounts;
static struct pipes pipes;

/* ---------- spec ---------- */

static void unescape(char *s) {
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '\\' && r[1]) {
            r++;
            *w++ = *r == 'n' ? '\n' : *r;
        } else {
            *w++ = *r;
        }
    }
    *w = 0;
}

static int append(char **list, int *count, char *value) {
    if (*count >= MAX_LIST) return -1;
    list[(*count)++] = value;
    list[*count] = NULL;
    return 0;
}

/* The confinement keys; unknown keys are ignored so an older monitor still runs a newer spec. */
static int read_confinement(const char *key, char *value) {
    if (!strcmp(key, "caps")) {
        char *end;
        errno = 0;
        confinement.caps = strtoull(value, &end, 16);
        confinement.has_caps = 1;
        return errno || end == value || *end ? -1 : 0;
    }
    if (!strcmp(key, "no_new_privs")) confinement.no_new_privs = !strcmp(value, "1");
    else if (!strcmp(key, "readonly_root")) confinement.readonly_root = !strcmp(value, "1");
    else if (!strcmp(key, "mask") && confinement.maskedc < CONFINE_MAX_PATHS)
        confinement.masked[confinement.maskedc++] = value;
    else if (!strcmp(key, "readonly") && confinement.readonlyc < CONFINE_MAX_PATHS)
        confinement.readonly[confinement.readonlyc++] = value;
    else if (!strcmp(key, "mask") || !strcmp(key, "readonly")) return -1;
    return 0;
}

static int read_spec(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    spec.uid = spec.gid = -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int bad = 0;
    while (!bad && (n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n') line[n - 1] = 0;
        char *space = strchr(line, ' ');
        if (!space) continue;
        *space = 0;
        char *value = strdup(space + 1);
        unescape(value);
        if (!strcmp(line, "rootfs")) spec.rootfs = value;
        else if (!strcmp(line, "cwd")) spec.cwd = value;
        else if (!strcmp(line, "hostname")) spec.hostname = value;
        else if (!strcmp(line, "log")) spec.log = value;
        else if (!strcmp(line, "state")) spec.state = value;
        else if (!strcmp(line, "uid")) spec.uid = atol(value);
        else if (!strcmp(line, "gid")) spec.gid = atol(value);
        else if (!strcmp(line, "tty")) spec.tty = !strcmp(value, "1");
        else if (!strcmp(line, "stdin")) spec.stdin_open = !strcmp(value, "1");
        else if (!strcmp(line, "rows")) spec.rows = atol(value);
        else if (!strcmp(line, "cols")) spec.cols = atol(value);
        else if (!strcmp(line, "arg")) bad = append(spec.argv, &spec.argc, value);
        else if (!strcmp(line, "env")) bad = append(spec.env, &spec.envc, value);
        else if (!strcmp(line, "cgroup")) bad = append(spec.cgroups, &spec.cgroupc, value);
        else if ((bad = mounts_read(&user_mounts, line, value)) == 1) bad = read_confinement(line, value);
    }
    free(line);
    fclose(f);
    if (bad) return -1;
    return spec.rootfs && spec.cwd && spec.log && spec.state && spec.argc > 0 ? 0 : -1;
}

/* ---------- small I/O ---------- */

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = write_all(fd, text, strlen(text));
    close(fd);
    return rc;
}

/* Readers must never see half a state file: write a temp file and rename it over. */
static int write_state(const char *name, const char *text) {
    char path[4096], tmp[4096];
    snprintf(path, sizeof path, "%s/%s", spec.state, name);
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", spec.state, name);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    int rc = write_all(fd, text, strlen(text));
    if (rc == 0) rc = fsync(fd);
    close(fd);
    return rc == 0 ? rename(tmp, path) : -1;
}

static long long now_nanos(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---------- child stages (run in the new namespaces) ---------- */

static void fail(int code, const char *fmt, ...) {
    struct failure f = {.code = code};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f.message, sizeof f.message, fmt, ap);
    va_end(ap);
    write_all(pipes.error[1], (const char *) &f, sizeof f);
    _exit(code);
}

static void must(int rc, const char *what, const char *path) {
    if (rc < 0) fail(125, "%s %s: %s", what, path, strerror(errno));
}

static void wait_for_cgroups(void) {
    char go;
    /* EOF instead of "go": the monitor could not place us in our cgroups; leave quietly. */
    if (read(pipes.sync[0], &go, 1) != 1) _exit(125);
    close(pipes.sync[0]);
    /* After joining the cgroups, so the cgroup namespace root is the container's own cgroup. */
    must(unshare(CLONE_NEWCGROUP), "unshare", "cgroup namespace");
}

static void at_root(char *buf, size_t size, const char *rel) {
    snprintf(buf, size, "%s/%s", spec.rootfs, rel);
}

static void mount_at(const char *src, const char *rel, const char *type, unsigned long flags, const char *data,
                     mode_t dir_mode) {
    char path[4096];
    at_root(path, sizeof path, rel);
    if (mkdir(path, dir_mode) < 0 && errno != EEXIST) fail(125, "mkdir %s: %s", path, strerror(errno));
    must(mount(src, path, type, flags, data), "mount", path);
}

static void make_dev(void) {
    static const struct { const char *name; unsigned major, minor; } nodes[] = {
        {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
    };
    static const struct { const char *target, *name; } links[] = {
        {"pts/ptmx", "ptmx"}, {"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"},
        {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"},
    };
    char path[4096];
    mount_at("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k", 0755);
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++) {
        at_root(path, sizeof path, "dev/");
        strncat(path, nodes[i].name, sizeof path - strlen(path) - 1);
        must(mknod(path, S_IFCHR | 0666, makedev(nodes[i].major, nodes[i].minor)), "mknod", path);
        must(chmod(path, 0666), "chmod", path); /* mknod obeys the umask */
    }
    mount_at("devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620", 0755);
    mount_at("shm", "dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k", 01777);
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        at_root(path, sizeof path, "dev/");
        strncat(path, links[i].name, sizeof path - strlen(path) - 1);
        must(symlink(links[i].target, path), "symlink", path);
    }
}

static void mount_sys(void) {
    char path[4096];
    at_root(path, sizeof path, "sys");
    if (mkdir(path, 0555) < 0 && errno != EEXIST) fail(125, "mkdir %s: %s", path, strerror(errno));
    /* A fresh sysfs shows only this net namespace's devices; some kernels refuse it, then bind the host's. */
    if (mount("sysfs", path, "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0) return;
    must(mount("/sys", path, NULL, MS_BIND | MS_REC, NULL), "bind", path);
    must(mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL), "remount read-only", path);
}

static void build_root(void) {
    /* Private first, or every mount below would propagate back to the host. */
    must(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), "make private", "/");
    must(mount(spec.rootfs, spec.rootfs, NULL, MS_BIND | MS_REC, NULL), "bind", spec.rootfs);
    mount_at("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0555);
    make_dev();
    mount_sys();
    char why[512];
    if (mounts_apply(&user_mounts, spec.rootfs, why, sizeof why) < 0) fail(125, "%s", why);
}

static void enter_root(void) {
    must(chdir(spec.rootfs), "chdir", spec.rootfs);
    /* The "." trick: the old root is stacked under the new one, then detached; no .oldroot dir needed. */
    must((int) syscall(SYS_pivot_root, ".", "."), "pivot_root", spec.rootfs);
    must(umount2(".", MNT_DETACH), "umount old root", "/");
    must(chdir("/"), "chdir", "/");
}

/* Sends the one descriptor over a unix socket (SCM_RIGHTS). */
static int send_fd(int socket_fd, int fd) {
    char byte = 'm';
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union { struct cmsghdr align; char buf[CMSG_SPACE(sizeof(int))]; } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                         .msg_controllen = sizeof control.buf};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    return sendmsg(socket_fd, &msg, 0) == 1 ? 0 : -1;
}

/*
 * Opened after pivot_root, from the container's own devpts instance, so the command sees /dev/pts/0 and no
 * host pty; the monitor gets only the master and never holds the slave (its EIO is the terminal's end).
 */
static void open_terminal(void) {
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) fail(125, "open /dev/ptmx: %s", strerror(errno));
    int unlock = 0;
    must(ioctl(master, TIOCSPTLCK, &unlock), "unlock", "pty");
    int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    if (slave < 0) {
        int n;
        char path[64];
        must(ioctl(master, TIOCGPTN, &n), "ptsname", "pty");
        snprintf(path, sizeof path, "/dev/pts/%d", n);
        slave = open(path, O_RDWR | O_NOCTTY);
        must(slave, "open", path);
    }
    /* the client's size from create, so a command that reads it at once does not see 24x80 before the resize */
    int sized = spec.rows > 0 && spec.rows <= 65535 && spec.cols > 0 && spec.cols <= 65535;
    struct winsize ws = {.ws_row = sized ? (unsigned short) spec.rows : 24,
                         .ws_col = sized ? (unsigned short) spec.cols : 80};
    ioctl(master, TIOCSWINSZ, &ws);
    must(setsid(), "setsid", "");
    must(ioctl(slave, TIOCSCTTY, 0), "set controlling terminal", "pty");
    if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0) fail(125, "dup2: %s", strerror(errno));
    if (slave > 2) close(slave);
    if (send_fd(pipes.console[1], master) < 0) fail(125, "send pty master: %s", strerror(errno));
    close(master);
    close(pipes.console[1]);
}

/* Masks, read-only paths and root, and the bounding set: everything that still needs root's capabilities. */
static void confine(void) {
    char why[512];
    if (confine_paths(&confinement, why, sizeof why) < 0 || confine_root(&confinement, why, sizeof why) < 0 ||
        confine_bounding_set(&confinement, why, sizeof why) < 0)
        fail(125, "%s", why);
}

static void become_user(void) {
    if (spec.hostname && *spec.hostname)
        must(sethostname(spec.hostname, strlen(spec.hostname)), "sethostname", spec.hostname);
    if (spec.gid >= 0) {
        must(setgroups(0, NULL), "setgroups", "");
        must(setgid((gid_t) spec.gid), "setgid", "");
    }
    if (spec.uid >= 0) must(setuid((uid_t) spec.uid), "setuid", "");
}

static void drop_privileges(void) {
    char why[512];
    if (confine_capabilities(&confinement, why, sizeof why) < 0) fail(125, "%s", why);
}

/* As the container's user, after the fds are closed; getcwd proves the result is still under the root. */
static void enter_cwd(void) {
    char cwd[4096];
    if (chdir(spec.cwd) < 0)
        fail(125, "chdir to cwd (\"%s\") set in config.json failed: %s", spec.cwd, strerror(errno));
    /* A directory outside the root has no path from it: the kernel says ENOENT or "(unreachable)/...". */
    if (!getcwd(cwd, sizeof cwd) ? errno == ENOENT : cwd[0] != '/')
        fail(125, "current working directory is outside of container mount namespace root -- "
                  "possible container breakout detected");
}

static void close_other_fds(void) {
    /* Keep 0, 1, 2 and the error pipe (moved to 3, still CLOEXEC) so nothing of the monitor leaks in. */
    if (pipes.error[1] != 3) {
        if (dup3(pipes.error[1], 3, O_CLOEXEC) < 0) fail(125, "dup3: %s", strerror(errno));
        pipes.error[1] = 3;
    }
    must((int) syscall(SYS_close_range, 4U, ~0U, 0U), "close_range", "");
}

/* execvp with the container's PATH (not ours); Docker's wording on failure (pathexec.c). */
static void exec_command(void) {
    char why[512];
    int code = path_exec(spec.argv, spec.env, 125, why, sizeof why);
    fail(code, "%s", why);
}

static int child_main(void *unused) {
    (void) unused;
    if (!spec.tty) {
        /* with a tty, stdio is set once the pty exists (open_terminal); the monitor's own is harmless until */
        int in_fd = spec.stdin_open ? pipes.in[0] : open("/dev/null", O_RDONLY);
        if (in_fd < 0 || dup2(in_fd, 0) < 0 || dup2(pipes.out[1], 1) < 0 || dup2(pipes.err[1], 2) < 0)
            fail(125, "stdio: %s", strerror(errno));
        if (!spec.stdin_open) close(in_fd);
    }
    close(pipes.out[0]), close(pipes.out[1]), close(pipes.err[0]), close(pipes.err[1]);
    close(pipes.in[0]), close(pipes.in[1]), close(pipes.console[0]);
    close(pipes.sync[1]), close(pipes.error[0]);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    wait_for_cgroups();
    build_root();
    enter_root();
    if (spec.tty) open_terminal();
    confine();
    become_user();
    drop_privileges();
    close_other_fds();
    enter_cwd();
    exec_command();
    return 125;
}

/* ---------- monitor stages ---------- */

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

/* A FIFO in the state dir, made afresh (a previous run's may linger) and held open read-write (see header). */
static int make_fifo(const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", spec.state, name);
    if (unlink(path) < 0 && errno != ENOENT) return -1;
    if (mkfifo(path, 0600) < 0) return -1;
    return open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
}

static int receive_fd(int socket_fd) {
    char byte;
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union { struct cmsghdr align; char buf[CMSG_SPACE(sizeof(int))]; } control;
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                         .msg_controllen = sizeof control.buf};
    if (recvmsg(socket_fd, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT) != 1) return -1;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (!c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int))) return -1;
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
}

static pid_t spawn_child(void) {
    char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) return -1;
    int flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | SIGCHLD;
    pid_t pid = clone(child_main, stack + STACK_SIZE, flags, NULL);
    munmap(stack, STACK_SIZE);
    close(pipes.sync[0]), close(pipes.error[1]), close(pipes.out[1]), close(pipes.err[1]);
    close(pipes.in[0]), close(pipes.console[1]);
    return pid;
}

static int join_cgroups(pid_t pid, char *why, size_t size) {
    char text[32];
    snprintf(text, sizeof text, "%d\n", pid);
    for (int i = 0; i < spec.cgroupc; i++) {
        if (write_file(spec.cgroups[i], text) < 0) {
            snprintf(why, size, "join cgroup %s: %s", spec.cgroups[i], strerror(errno));
            return -1;
        }
    }
    return 0;
}

static int exit_code(int status) {
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static int reap(pid_t child) {
    int status = 0;
    for (;;) {
        pid_t got = waitpid(-1, &status, 0);
        if (got == child) return exit_code(status);
        if (got < 0 && errno != EINTR) return 255;
    }
}

/* One Docker json-file line: {"log":"...","stream":"...","time":"RFC 3339 with nanoseconds"}. */
static void log_line(FILE *log, const char *stream, const char *text, size_t len) {
    struct timespec ts;
    struct tm tm;
    char stamp[40];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    fputs("{\"log\":\"", log);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char) text[i];
        if (c == '"' || c == '\\') fprintf(log, "\\%c", c);
        else if (c == '\n') fputs("\\n", log);
        else if (c == '\r') fputs("\\r", log);
        else if (c == '\t') fputs("\\t", log);
        else if (c < 0x20 || c == 0x7f) fprintf(log, "\\u%04x", c);
        else fputc(c, log);
    }
    fprintf(log, "\",\"stream\":\"%s\",\"time\":\"%s.%09ldZ\"}\n", stream, stamp, ts.tv_nsec);
}

struct stream {
    const char *name;
    int fd;
    size_t used;
    char line[LINE_MAX_BYTES];
};

/* Appends what is readable; returns 0 at EOF, after flushing a partial last line. */
static int pump(struct stream *s, FILE *log) {
    ssize_t n = read(s->fd, s->line + s->used, sizeof s->line - s->used);
    if (n < 0 && errno == EINTR) return 1;
    if (n <= 0) {
        if (s->used) log_line(log, s->name, s->line, s->used);
        s->used = 0;
        fflush(log);
        return 0;
    }
    s->used += (size_t) n;
    size_t start = 0;
    for (size_t i = 0; i < s->used; i++) {
        if (s->line[i] == '\n') {
            log_line(log, s->name, s->line + start, i + 1 - start);
            start = i + 1;
        }
    }
    if (start == 0 && s->used == sizeof s->line) start = s->used, log_line(log, s->name, s->line, s->used);
    memmove(s->line, s->line + start, s->used - start);
    s->used -= start;
    fflush(log);
    return 1;
}

/* A terminal's output is not line-based (a prompt has no newline): each read is one record, as Docker logs it. */
static int pump_raw(struct stream *s, FILE *log) {
    ssize_t n = read(s->fd, s->line, sizeof s->line);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return 1;
    if (n <= 0) return 0; /* EIO: no slave is open any more */
    log_line(log, s->name, s->line, (size_t) n);
    fflush(log);
    return 1;
}

/* Bytes on their way from the stdin FIFO to the command: read only when empty, so a slow reader holds us. */
struct input {
    int fifo, control, target; /* target: the stdin pipe or the pty master; -1 once closed */
    int closing;
    size_t len, off;
    char buf[16384];
    size_t control_len;
    char control_buf[256];
};

static void close_input(struct input *in) {
    /* a terminal has no stdin of its own to close (Docker leaves a tty's stdin open too) */
    if (in->target >= 0 && !spec.tty) close(in->target);
    in->target = -1;
    in->len = in->off = 0;
}

static void feed_input(struct input *in) {
    while (in->off < in->len) {
        ssize_t n = write(in->target, in->buf + in->off, in->len - in->off);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return;
        if (n <= 0) { /* the command closed its stdin (EPIPE): nothing more will be read */
            close_input(in);
            return;
        }
        in->off += (size_t) n;
    }
    in->len = in->off = 0;
}

static void read_input(struct input *in) {
    ssize_t n = read(in->fifo, in->buf, sizeof in->buf);
    if (n > 0) {
        in->len = (size_t) n;
        in->off = 0;
        feed_input(in);
    } else if (in->closing) {
        close_input(in); /* drained: every byte written before the close line has been passed on */
    }
}

static void control_line(struct input *in, char *line, int master) {
    unsigned rows, cols;
    if (sscanf(line, "resize %u %u", &rows, &cols) == 2 && rows && cols && master >= 0) {
        struct winsize ws = {.ws_row = (unsigned short) rows, .ws_col = (unsigned short) cols};
        ioctl(master, TIOCSWINSZ, &ws);
    } else if (!strcmp(line, "close-stdin")) {
        in->closing = 1;
    }
}

static void read_control(struct input *in, int master) {
    ssize_t n = read(in->control, in->control_buf + in->control_len, sizeof in->control_buf - in->control_len - 1);
    if (n <= 0) return;
    in->control_len += (size_t) n;
    in->control_buf[in->control_len] = 0;
    char *line = in->control_buf, *nl;
    while ((nl = strchr(line, '\n'))) {
        *nl = 0;
        control_line(in, line, master);
        line = nl + 1;
    }
    in->control_len = strlen(line);
    memmove(in->control_buf, line, in->control_len);
    if (in->control_len == sizeof in->control_buf - 1) in->control_len = 0; /* no line is that long: drop it */
}

/* Until every output stream has ended: output into the log, the stdin FIFO into the command, control lines. */
static void relay(FILE *log, int master, int fifo, int control) {
    static struct stream out = {.name = "stdout"}, err = {.name = "stderr"};
    static struct input in;
    in.fifo = fifo;
    in.control = control;
    in.target = master >= 0 ? master : pipes.in[1];
    if (in.target >= 0) fcntl(in.target, F_SETFL, fcntl(in.target, F_GETFL) | O_NONBLOCK);
    out.fd = master >= 0 ? master : pipes.out[0];
    err.fd = master >= 0 ? -1 : pipes.err[0];
    if (master >= 0) close(pipes.out[0]), close(pipes.err[0]);
    struct stream *streams[2] = {&out, &err};
    int open_count = err.fd >= 0 ? 2 : 1;
    while (open_count > 0) {
        /* a close asked for waits for nothing but the FIFO's drain: never poll while it is pending */
        while (in.closing && in.target >= 0 && in.len == 0) read_input(&in);
        int feeding = in.target >= 0 && in.fifo >= 0;
        struct pollfd fds[5] = {
            {.fd = out.fd, .events = POLLIN},
            {.fd = err.fd, .events = POLLIN},
            {.fd = feeding && in.len == 0 ? in.fifo : -1, .events = POLLIN},
            {.fd = feeding && in.len > 0 ? in.target : -1, .events = POLLOUT},
            {.fd = in.control, .events = POLLIN},
        };
        if (poll(fds, 5, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (streams[i]->fd < 0 || !fds[i].revents) continue;
            if (!(master >= 0 ? pump_raw(streams[i], log) : pump(streams[i], log))) {
                if (master < 0) close(streams[i]->fd);
                streams[i]->fd = -1;
                open_count--;
            }
        }
        if (fds[4].revents) read_control(&in, master);
        if (fds[3].revents && in.target >= 0) feed_input(&in);
        if (fds[2].revents && in.target >= 0 && in.len == 0) read_input(&in);
    }
    fflush(log);
}

static int handshake_error(int code, const char *message) {
    printf("error %d %s\n", code, message);
    fflush(stdout);
    return code;
}

int main(int argc, char **argv) {
    if (argc != 2 || read_spec(argv[1]) < 0) return handshake_error(125, "berth-monitor: unreadable spec");
    detach();
    if (make_pipes() < 0) return handshake_error(125, "berth-monitor: pipes");
    FILE *log = fopen(spec.log, "ae");
    if (!log) return handshake_error(125, "berth-monitor: cannot open log");

    pid_t child = spawn_child();
    if (child < 0) {
        char why[256];
        snprintf(why, sizeof why, "clone: %s", strerror(errno));
        return handshake_error(125, why);
    }
    char why[512];
    if (join_cgroups(child, why, sizeof why) < 0) {
        kill(child, SIGKILL);
        reap(child);
        return handshake_error(125, why);
    }
    /* Before the handshake: once the agent hears "ok", an attach may write into them. */
    int fifo = -1, control = -1;
    if (spec.tty || spec.stdin_open) {
        fifo = make_fifo("stdin");
        control = make_fifo("control");
        if (fifo < 0 || control < 0) {
            snprintf(why, sizeof why, "stdin fifos in %s: %s", spec.state, strerror(errno));
            kill(child, SIGKILL);
            reap(child);
            return handshake_error(125, why);
        }
    }
    if (write_all(pipes.sync[1], "g", 1) < 0) return handshake_error(125, "berth-monitor: child vanished");
    close(pipes.sync[1]);

    struct failure f;
    ssize_t got;
    do got = read(pipes.error[0], &f, sizeof f); while (got < 0 && errno == EINTR);
    close(pipes.error[0]);
    if (got > 0) {
        reap(child);
        f.message[sizeof f.message - 1] = 0;
        return handshake_error(f.code, f.message);
    }

    int master = -1;
    if (spec.tty && (master = receive_fd(pipes.console[0])) < 0) {
        kill(child, SIGKILL);
        reap(child);
        return handshake_error(125, "berth-monitor: no pty master from the container");
    }
    close(pipes.console[0]);

    char state[128];
    snprintf(state, sizeof state, "child %d\nmonitor %d\nstarted %lld\n", child, getpid(), now_nanos());
    if (write_state("state.started", state) < 0) {
        kill(child, SIGKILL);
        reap(child);
        return handshake_error(125, "berth-monitor: cannot write state.started");
    }
    printf("ok %d\n", child);
    fflush(stdout);
    /* The agent may die at any moment from now on: never touch its pipe again. */
    int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, 0);
    dup2(null_fd, 1);
    close(null_fd);

    relay(log, master, fifo, control);
    int code = reap(child);
    fclose(log);
    snprintf(state, sizeof state, "code %d\nfinished %lld\n", code, now_nanos());
    write_state("state.exit", state);
    return 0;
}
