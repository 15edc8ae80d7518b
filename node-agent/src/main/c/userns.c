/* The container's user namespace and idmapped mounts; see userns.h. */
#include "userns.h"

#include "fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_map(pid_t pid, const char *file, const char *map) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = write_all(fd, map, strlen(map));
    close(fd);
    return rc;
}

int userns_open(unsigned long base, unsigned long count, char *why, size_t size) {
    int ready[2], hold[2];
    if (pipe2(ready, O_CLOEXEC) < 0) return snprintf(why, size, "pipe: %s", strerror(errno)), -1;
    if (pipe2(hold, O_CLOEXEC) < 0) {
        close(ready[0]), close(ready[1]);
        return snprintf(why, size, "pipe: %s", strerror(errno)), -1;
    }
    pid_t child = fork();
    if (child < 0) {
        snprintf(why, size, "fork: %s", strerror(errno));
        close(ready[0]), close(ready[1]), close(hold[0]), close(hold[1]);
        return -1;
    }
    if (child == 0) {
        /* Unshare, say so, and wait until the parent has what it needs (EOF on hold). */
        char c = unshare(CLONE_NEWUSER) < 0 ? 'e' : 'u';
        close(ready[0]), close(hold[1]);
        if (write(ready[1], &c, 1) != 1) _exit(1);
        while (read(hold[0], &c, 1) > 0) {
        }
        _exit(0);
    }
    close(ready[1]), close(hold[0]);
    char c = 0, map[64];
    int fd = -1;
    if (read(ready[0], &c, 1) != 1 || c != 'u') {
        snprintf(why, size, "unshare user namespace: %s", c == 'e' ? "refused by the kernel" : "child vanished");
    } else {
        snprintf(map, sizeof map, "0 %lu %lu\n", base, count);
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/ns/user", child);
        if (write_map(child, "uid_map", map) < 0 || write_map(child, "gid_map", map) < 0)
            snprintf(why, size, "write id map \"0 %lu %lu\": %s", base, count, strerror(errno));
        else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
            snprintf(why, size, "open %s: %s", path, strerror(errno));
    }
    close(ready[0]), close(hold[1]);
    while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {
    }
    return fd;
}

int userns_idmapped_tree(const char *path, int userns_fd) {
    int tree = open_tree(AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
    if (tree < 0) return -1;
    struct mount_attr attr = {.attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (unsigned long long) userns_fd};
    if (mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) < 0) {
        int saved = errno;
        close(tree);
        errno = saved;
        return -1;
    }
    return tree;
}
