/* The container's mounts and pivot_root; see rootfs.h. */
#include "rootfs.h"

#include "failure.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static void at_root(const struct spec *s, char *buf, size_t size, const char *rel) {
    snprintf(buf, size, "%s/%s", s->rootfs, rel);
}

static void mount_at(const struct spec *s, const char *src, const char *rel, const char *type, unsigned long flags,
                     const char *data, mode_t dir_mode) {
    char path[4096];
    at_root(s, path, sizeof path, rel);
    if (mkdir(path, dir_mode) < 0 && errno != EEXIST) fail(125, "mkdir %s: %s", path, strerror(errno));
    must(mount(src, path, type, flags, data), "mount", path);
}

static void make_dev(const struct spec *s) {
    /* in a user namespace /dev and /dev/shm belong to the container's root, as its other files */
    char owner[64] = "";
    if (s->userns_count)
        snprintf(owner, sizeof owner, ",uid=%lu,gid=%lu", s->userns_base, s->userns_base);
    static const struct { const char *name; unsigned major, minor; } nodes[] = {
        {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
    };
    static const struct { const char *target, *name; } links[] = {
        {"pts/ptmx", "ptmx"}, {"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"},
        {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"},
    };
    char path[4096];
    char data[128];
    snprintf(data, sizeof data, "mode=755,size=65536k%s", owner);
    mount_at(s, "tmpfs", "dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, data, 0755);
    for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++) {
        at_root(s, path, sizeof path, "dev/");
        strncat(path, nodes[i].name, sizeof path - strlen(path) - 1);
        must(mknod(path, S_IFCHR | 0666, makedev(nodes[i].major, nodes[i].minor)), "mknod", path);
        must(chmod(path, 0666), "chmod", path); /* mknod obeys the umask */
    }
    mount_at(s, "devpts", "dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620", 0755);
    snprintf(data, sizeof data, "mode=1777,size=65536k%s", owner);
    mount_at(s, "shm", "dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, data, 01777);
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        at_root(s, path, sizeof path, "dev/");
        strncat(path, links[i].name, sizeof path - strlen(path) - 1);
        must(symlink(links[i].target, path), "symlink", path);
    }
}

static void mount_sys(const struct spec *s) {
    char path[4096];
    at_root(s, path, sizeof path, "sys");
    if (mkdir(path, 0555) < 0 && errno != EEXIST) fail(125, "mkdir %s: %s", path, strerror(errno));
    /* A fresh sysfs shows only this net namespace's devices; some kernels refuse it, then bind the host's. */
    if (mount("sysfs", path, "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0) return;
    must(mount("/sys", path, NULL, MS_BIND | MS_REC, NULL), "bind", path);
    must(mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL), "remount read-only", path);
}

/*
 * --init: the host's static init bound read-only onto a file in the container's own /dev tmpfs, so nothing is
 * written into the root filesystem (diff and commit never see it), as dockerd binds docker-init.
 */
static void bind_init(const struct spec *s) {
    char path[4096];
    at_root(s, path, sizeof path, "dev/init");
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0555);
    must(fd, "create", path);
    close(fd);
    must(mount(s->init, path, NULL, MS_BIND, NULL), "bind", s->init);
    must(mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL),
         "remount read-only", path);
}

void rootfs_build(const struct spec *s) {
    /* Private first, or every mount below would propagate back to the host. */
    must(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), "make private", "/");
    must(mount(s->rootfs, s->rootfs, NULL, MS_BIND | MS_REC, NULL), "bind", s->rootfs);
    mount_at(s, "proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0555);
    make_dev(s);
    if (s->init) bind_init(s);
    mount_sys(s);
    /* User mounts last, so a bind onto /proc, /dev or /sys paths lands on top, as in Docker. */
    char why[512];
    if (mounts_apply(&s->mounts, s->rootfs, s->process.userns_fd, s->userns_base, why, sizeof why) < 0) fail(125, "%s", why);
}

void rootfs_enter(const struct spec *s) {
    must(chdir(s->rootfs), "chdir", s->rootfs);
    /* The "." trick: the old root is stacked under the new one, then detached; no .oldroot dir needed. */
    must((int) syscall(SYS_pivot_root, ".", "."), "pivot_root", s->rootfs);
    must(umount2(".", MNT_DETACH), "umount old root", "/");
    must(chdir("/"), "chdir", "/");
}

/* Files get /dev/null bound over them, directories an empty read-only tmpfs; missing ones are skipped. */
static void mask_path(const char *path) {
    struct stat st;
    if (stat(path, &st) < 0) {
        if (errno != ENOENT) must(-1, "stat", path);
        return;
    }
    if (S_ISDIR(st.st_mode))
        must(mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755"), "mask", path);
    else
        must(mount("/dev/null", path, NULL, MS_BIND, NULL), "mask", path);
}

/* A bind mount of the path onto itself, remounted read-only (a bind remount changes only this mount). */
static void readonly_path(const char *path) {
    if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0) {
        if (errno != ENOENT) must(-1, "bind", path);
        return;
    }
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
    must(mount(NULL, path, NULL, flags, NULL), "remount read-only", path);
}

void rootfs_confine(const struct spec *s) {
    for (int i = 0; i < s->maskedc; i++) mask_path(s->masked[i]);
    for (int i = 0; i < s->readonlyc; i++) readonly_path(s->readonly[i]);
    /* /dev, /proc and /sys are mounts of their own and keep their flags. */
    if (s->readonly_root) must(mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL), "remount read-only", "/");
}
