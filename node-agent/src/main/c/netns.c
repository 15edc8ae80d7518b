/*
 * berth-overlay netns <base> <count> <path> (or berth-overlay --netns <path> …, in the user namespace the layers
 * are idmapped through): a network namespace owned by a new user namespace of that range,
 * bound at <path> as `ip netns add` would (/run/netns made a shared mount first), so `ip -n` reaches it as any
 * other. Why: a namespace owned by the host's user namespace gives the container's root no CAP_NET_RAW or
 * CAP_NET_BIND_SERVICE in it (raw sockets, ping); owned by the container's, it has both, as under runc. The
 * monitor takes the user namespace back from it (NS_GET_USERNS), so the container enters exactly this one.
 */
#include "netns.h"

#include "userns.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int refuse(const char *what, const char *path) {
    fprintf(stderr, "berth-overlay netns: %s %s: %s\n", what, path, strerror(errno));
    return 1;
}

/* As iproute2: the directory is a shared mount of its own, so a namespace bound in it is seen everywhere. */
static int share_dir(const char *dir) {
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) return refuse("mkdir", dir);
    if (mount("", dir, "none", MS_SHARED | MS_REC, NULL) == 0) return 0;
    if (errno != EINVAL) return refuse("make shared", dir);
    if (mount(dir, dir, "none", MS_BIND | MS_REC, NULL) < 0) return refuse("bind", dir);
    if (mount("", dir, "none", MS_SHARED | MS_REC, NULL) < 0) return refuse("make shared", dir);
    return 0;
}

int netns_make(unsigned long base, unsigned long count, const char *path) {
    char why[512];
    int userns = userns_open(base, count, why, sizeof why);
    if (userns < 0) return fprintf(stderr, "berth-overlay netns: %s\n", why), 1;
    int rc = netns_make_in(userns, path);
    close(userns);
    return rc;
}

int netns_make_in(int userns, const char *path) {
    char copy[4096], ns[64];
    snprintf(copy, sizeof copy, "%s", path);
    if (share_dir(dirname(copy))) return 1;
    int ready[2], hold[2];
    if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(hold, O_CLOEXEC) < 0) return refuse("pipe", "");
    pid_t child = fork();
    if (child < 0) return refuse("fork", "");
    if (child == 0) {
        char c = setns(userns, CLONE_NEWUSER) < 0 || unshare(CLONE_NEWNET) < 0 ? 'e' : 'n';
        close(ready[0]), close(hold[1]);
        if (write(ready[1], &c, 1) != 1) _exit(1);
        while (read(hold[0], &c, 1) > 0) {
        }
        _exit(0);
    }
    close(ready[1]), close(hold[0]);
    char c = 0;
    int rc = 0;
    if (read(ready[0], &c, 1) != 1 || c != 'n') {
        errno = EPERM;
        rc = refuse("new network namespace in the user namespace for", path);
    } else {
        snprintf(ns, sizeof ns, "/proc/%d/ns/net", child);
        int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
        if (fd < 0) rc = refuse("create", path);
        else {
            close(fd);
            if (mount(ns, path, "none", MS_BIND, NULL) < 0) {
                rc = refuse("bind the namespace at", path);
                unlink(path);
            }
        }
    }
    close(ready[0]), close(hold[1]);
    while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {
    }
    return rc;
}
