/* cgroups and namespaces of a running container; see join.h. */
#include "join.h"

#include "fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int join_cgroups(char *const procs[], int count, pid_t pid, char *why, size_t size) {
    char text[32];
    snprintf(text, sizeof text, "%d\n", pid);
    for (int i = 0; i < count; i++) {
        int fd = open(procs[i], O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write_all(fd, text, strlen(text)) < 0) {
            snprintf(why, size, "join cgroup %s: %s", procs[i], strerror(errno));
            if (fd >= 0) close(fd);
            return -1;
        }
        close(fd);
    }
    return 0;
}

/* All fds are opened first: once in the container's mount namespace, /proc/<host pid> means nothing. */
int join_namespaces(long pid, int *userns_fd, char *why, size_t size) {
    static const char *names[] = {"ipc", "uts", "net", "pid", "cgroup", "mnt"};
    enum { COUNT = sizeof names / sizeof names[0] };
    int fds[COUNT];
    char path[64];
    for (int i = 0; i < COUNT; i++) {
        snprintf(path, sizeof path, "/proc/%ld/ns/%s", pid, names[i]);
        if ((fds[i] = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
            snprintf(why, size, "open %s: %s", path, strerror(errno));
            return -1;
        }
    }
    /* opened now, entered last by init_process, after the mounts and ids it still needs host root for */
    if (userns_fd) {
        snprintf(path, sizeof path, "/proc/%ld/ns/user", pid);
        if ((*userns_fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
            snprintf(why, size, "open %s: %s", path, strerror(errno));
            return -1;
        }
    }
    snprintf(path, sizeof path, "/proc/%ld/root", pid);
    int root = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) {
        snprintf(why, size, "open %s: %s", path, strerror(errno));
        return -1;
    }
    for (int i = 0; i < COUNT; i++) {
        if (setns(fds[i], 0) < 0) {
            snprintf(why, size, "setns %s of pid %ld: %s", names[i], pid, strerror(errno));
            return -1;
        }
        close(fds[i]);
    }
    int rc = fchdir(root) < 0 || chroot(".") < 0 || chdir("/") < 0 ? -1 : 0;
    if (rc < 0) snprintf(why, size, "enter root of pid %ld: %s", pid, strerror(errno));
    close(root);
    return rc;
}
