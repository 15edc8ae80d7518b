/* The shared last steps before exec, in the order init.h explains. */
#include "init.h"

#include "failure.h"
#include "pathexec.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The highest capability this kernel knows; dropping beyond it fails with EINVAL. */
static int last_cap(void) {
    FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
    int last = -1;
    if (f) {
        if (fscanf(f, "%d", &last) != 1) last = -1;
        fclose(f);
    }
    return last >= 0 && last < 64 ? last : CAP_LAST_CAP;
}

static void drop_bounding_set(const struct process *p) {
    if (!p->has_caps) return;
    int last = last_cap();
    for (int cap = 0; cap <= last; cap++) {
        if (p->caps & (1ULL << cap)) continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
            fail(125, "drop capability %d from the bounding set: %s", cap, strerror(errno));
    }
}

static void become_user(const struct process *p) {
    if (p->gid >= 0) {
        must(setgroups(0, NULL), "setgroups", "");
        if (setgid((gid_t) p->gid) < 0) fail(125, "setgid %ld: %s", p->gid, strerror(errno));
    }
    if (p->uid >= 0 && setuid((uid_t) p->uid) < 0) fail(125, "setuid %ld: %s", p->uid, strerror(errno));
}

/* After the ids (which clear it); a parent already gone before it took effect counts as gone. */
static void set_parent_death_signal(const struct process *p) {
    if (!p->parent_death_signal) return;
    pid_t parent = getppid();
    must(prctl(PR_SET_PDEATHSIG, p->parent_death_signal), "prctl", "pdeathsig");
    if (getppid() != parent) _exit(128 + p->parent_death_signal);
}

static void set_capabilities(const struct process *p) {
    if (p->has_caps) {
        struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
        struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
        must((int) syscall(SYS_capget, &header, data), "capget", "");
        for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
            /* Never more than we still hold: setuid to a non-root user has already emptied permitted. */
            unsigned kept = (unsigned) (p->caps >> (32 * i)) & data[i].permitted;
            data[i].permitted = kept;
            data[i].effective = kept;
            data[i].inheritable = 0;
        }
        must((int) syscall(SYS_capset, &header, data), "capset", "");
    }
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        fail(125, "clear ambient capabilities: %s", strerror(errno));
}

static void set_no_new_privs(const struct process *p) {
    if (p->no_new_privs) must(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl", "no_new_privs");
}

static void close_fds(void) {
    if (failure_fd != 3) {
        if (dup3(failure_fd, 3, O_CLOEXEC) < 0) fail(125, "dup3: %s", strerror(errno));
        failure_fd = 3;
    }
    must((int) syscall(SYS_close_range, 4U, ~0U, 0U), "close_range", "");
}

static void enter_cwd(const struct process *p) {
    char cwd[4096];
    if (chdir(p->cwd) < 0)
        fail(p->other_code, "chdir to cwd (\"%s\") set in config.json failed: %s", p->cwd, go_error(errno));
    /* A directory outside the root has no path from it: the kernel says ENOENT or "(unreachable)/...". */
    if (!getcwd(cwd, sizeof cwd) ? errno == ENOENT : cwd[0] != '/')
        fail(p->other_code, "current working directory is outside of container mount namespace root -- "
                            "possible container breakout detected");
}

/*
 * Stdio that names a file of the container (its /dev/null, its pty slave) is opened again by the same path in the
 * new mount namespace: the old descriptor's mount is not in it, so /proc/self/fd and ttyname would show a path
 * that leads nowhere ("/null"). The same file (the copied mounts are the same filesystems), flags and terminal.
 */
static void reopen_stdio_in(void (*enter)(void)) {
    char paths[3][256];
    int flags[3];
    for (int fd = 0; fd < 3; fd++) {
        char link[32];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, paths[fd], sizeof paths[fd] - 1);
        paths[fd][n > 0 ? n : 0] = 0;
        flags[fd] = fcntl(fd, F_GETFL);
        if (strncmp(paths[fd], "/dev/", 5) || flags[fd] < 0) paths[fd][0] = 0;
    }
    enter();
    for (int fd = 0; fd < 3; fd++) {
        if (!paths[fd][0]) continue;
        int again = open(paths[fd], (flags[fd] & (O_ACCMODE | O_APPEND | O_NONBLOCK)) | O_NOCTTY | O_CLOEXEC);
        if (again < 0 || dup2(again, fd) < 0) fail(125, "reopen %s: %s", paths[fd], strerror(errno));
        close(again);
    }
}

static void unshare_mount_namespace(void) {
    must(unshare(CLONE_NEWNS), "unshare", "mount namespace in the user namespace");
}

/*
 * Host uid 0 is outside the map: until the setresuid the process would be "nobody" inside. setns gives every
 * capability and a full bounding set in the new namespace: what the caller's bounding set lacked is dropped again,
 * so a process never holds more there than it had here (a privileged exec: the agent's own set).
 */
static void enter_user_namespace(struct process *p) {
    if (p->userns_fd < 0) return;
    int last = last_cap();
    unsigned long long held = 0;
    for (int cap = 0; cap <= last; cap++)
        if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1) held |= 1ULL << cap;
    must(setns(p->userns_fd, CLONE_NEWUSER), "setns", "user namespace");
    close(p->userns_fd);
    p->userns_fd = -1;
    for (int cap = 0; cap <= last; cap++)
        if (!(held & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
            fail(125, "drop capability %d from the bounding set: %s", cap, strerror(errno));
    must(setgroups(0, NULL), "setgroups", "in the user namespace");
    must(setresgid(0, 0, 0), "setresgid", "0 in the user namespace");
    must(setresuid(0, 0, 0), "setresuid", "0 in the user namespace");
    /*
     * The container's first process: a mount namespace of its own user namespace's, a copy of the one built as host
     * root, whose mounts the kernel then locks (no unmounting or remounting writable what hides or protects), and in
     * which CAP_SYS_ADMIN (--cap-add) may mount what a user namespace may (tmpfs...), as under runc.
     */
    if (p->own_mount_namespace) reopen_stdio_in(unshare_mount_namespace);
}

void init_process(struct process *p) {
    void *filter = seccomp_build(&p->seccomp);
    enter_user_namespace(p);
    drop_bounding_set(p);
    become_user(p);
    set_parent_death_signal(p);
    set_capabilities(p);
    set_no_new_privs(p);
    close_fds();
    enter_cwd(p);
    seccomp_apply(filter);
    char why[512];
    int code = path_exec(p->argv, p->env, p->other_code, why, sizeof why);
    fail(code, "%s", why);
}
