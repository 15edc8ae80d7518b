/*
 * User mounts: see mounts.h. Why the target is opened, not named: a symlink swapped into the target's path
 * between the agent's resolution and mount(2) would otherwise send the bind anywhere on the host
 * (CVE-2021-30465). openat2 with RESOLVE_IN_ROOT resolves every component inside the rootfs, and the mount
 * goes onto /proc/self/fd/N, the very directory (or file) that was opened.
 */
#include "mounts.h"

#include "userns.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

int mounts_read(struct user_mounts *m, const char *key, const char *value) {
    if (!strcmp(key, "mount")) {
        if (m->count >= MOUNTS_MAX) return -1;
        struct user_mount *u = &m->list[m->count++];
        u->type = value;
        u->source = u->target = u->options = u->data = "";
        return 0;
    }
    if (strncmp(key, "mount_", 6)) return 1;
    if (m->count == 0) return -1;
    struct user_mount *u = &m->list[m->count - 1];
    if (!strcmp(key, "mount_source")) u->source = value;
    else if (!strcmp(key, "mount_target")) u->target = value;
    else if (!strcmp(key, "mount_options")) u->options = value;
    else if (!strcmp(key, "mount_data")) u->data = value;
    else return -1;
    return 0;
}

static int failed(char *why, size_t size, const char *what, const char *path) {
    snprintf(why, size, "%s %s: %s", what, path, strerror(errno));
    return -1;
}

/* The flags of one word list; -1 for a word it does not know (the agent only writes known ones). */
static int parse_options(const char *options, unsigned long *flags, unsigned long *propagation, int *readonly) {
    char copy[256];
    snprintf(copy, sizeof copy, "%s", options);
    *flags = 0;
    *propagation = MS_REC | MS_PRIVATE;
    *readonly = 0;
    for (char *save = NULL, *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        if (!strcmp(w, "ro")) *readonly = 1;
        else if (!strcmp(w, "nosuid")) *flags |= MS_NOSUID;
        else if (!strcmp(w, "nodev")) *flags |= MS_NODEV;
        else if (!strcmp(w, "noexec")) *flags |= MS_NOEXEC;
        else if (!strcmp(w, "private")) *propagation = MS_PRIVATE;
        else if (!strcmp(w, "rprivate")) *propagation = MS_REC | MS_PRIVATE;
        else if (!strcmp(w, "slave")) *propagation = MS_SLAVE;
        else if (!strcmp(w, "rslave")) *propagation = MS_REC | MS_SLAVE;
        else if (!strcmp(w, "shared")) *propagation = MS_SHARED;
        else if (!strcmp(w, "rshared")) *propagation = MS_REC | MS_SHARED;
        else return -1;
    }
    return 0;
}

/* An idmapped clone of the source onto the opened target; 1 when the source cannot be idmapped (EINVAL). */
static int bind_idmapped(const struct user_mount *u, int target, int userns_fd) {
    int tree = userns_idmapped_tree(u->source, userns_fd);
    if (tree < 0) return errno == EINVAL ? 1 : -1;
    int rc = move_mount(tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
    close(tree);
    return rc;
}

static int bind(const struct user_mount *u, int fd, const char *at, int userns_fd) {
    if (userns_fd >= 0) {
        int rc = bind_idmapped(u, fd, userns_fd);
        if (rc <= 0) return rc;
        fprintf(stderr, "berth-monitor: %s cannot be idmapped (%s); bound with host ids\n", u->source,
                strerror(EINVAL));
    }
    return mount(u->source, at, NULL, MS_BIND | MS_REC, NULL);
}

static int apply_one(const struct user_mount *u, int root, int userns_fd, unsigned long base, char *why,
                     size_t size) {
    unsigned long flags, propagation;
    int readonly;
    if (parse_options(u->options, &flags, &propagation, &readonly) < 0) {
        errno = EINVAL;
        return failed(why, size, "mount options", u->options);
    }
    struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
    int fd = (int) syscall(SYS_openat2, root, u->target, &how, sizeof how);
    if (fd < 0) return failed(why, size, "open mount target", u->target);
    char at[64];
    snprintf(at, sizeof at, "/proc/self/fd/%d", fd);
    int rc;
    if (!strcmp(u->type, "tmpfs")) {
        char data[512];
        if (userns_fd >= 0)
            snprintf(data, sizeof data, "%s%suid=%lu,gid=%lu", u->data, *u->data ? "," : "", base, base);
        else
            snprintf(data, sizeof data, "%s", u->data);
        rc = mount("tmpfs", at, "tmpfs", flags | (readonly ? MS_RDONLY : 0), data);
        if (rc < 0) failed(why, size, "mount tmpfs on", u->target);
    } else {
        rc = bind(u, fd, at, userns_fd);
        if (rc < 0) failed(why, size, "bind mount", u->source);
    }
    close(fd);
    if (rc < 0) return -1;
    /* The old descriptor names the directory under the new mount: reopen to reach the mount's own root. */
    fd = (int) syscall(SYS_openat2, root, u->target, &how, sizeof how);
    if (fd < 0) return failed(why, size, "reopen mount target", u->target);
    snprintf(at, sizeof at, "/proc/self/fd/%d", fd);
    /* A bind takes no flags but MS_BIND|MS_REC; read-only and the rest need a remount of the bind itself. */
    if (strcmp(u->type, "tmpfs") && (readonly || flags)
        && mount(NULL, at, NULL, MS_BIND | MS_REMOUNT | flags | (readonly ? MS_RDONLY : 0), NULL) < 0)
        rc = failed(why, size, "remount read-only", u->target);
    if (rc == 0 && mount(NULL, at, NULL, propagation, NULL) < 0) rc = failed(why, size, "propagation of", u->target);
    close(fd);
    return rc;
}

int mounts_apply(const struct user_mounts *m, const char *rootfs, int userns_fd, unsigned long base, char *why,
                 size_t size) {
    if (m->count == 0) return 0;
    int root = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) return failed(why, size, "open root", rootfs);
    for (int i = 0; i < m->count; i++) {
        if (apply_one(&m->list[i], root, userns_fd, base, why, size) < 0) {
            close(root);
            return -1;
        }
    }
    close(root);
    return 0;
}
