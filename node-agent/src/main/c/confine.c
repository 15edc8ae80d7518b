/*
 * Docker's default confinement, applied by the container's first process between pivot_root and exec.
 * Order matters and is the caller's (monitor.c child_main): paths and root while we still have
 * CAP_SYS_ADMIN, the bounding set while we still have CAP_SETPCAP, capset after setuid (which empties
 * permitted for a non-root user), no_new_privs last so nothing after it depends on privilege.
 *
 * Why the bounding set is what counts for a root container: on execve the kernel gives uid 0 the whole
 * bounding set as permitted and effective, whatever capset said before; capset only matters for the few
 * instructions until exec and for non-root users. Inheritable stays empty as Docker keeps it since
 * CVE-2022-24769, so a file with inheritable file capabilities gains nothing.
 */
#include "confine.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int failed(char *why, size_t size, const char *what, const char *path) {
    snprintf(why, size, "%s %s: %s", what, path, strerror(errno));
    return -1;
}

/* Files get /dev/null bound over them, directories an empty read-only tmpfs; missing ones are skipped. */
static int mask_path(const char *path, char *why, size_t size) {
    struct stat st;
    if (stat(path, &st) < 0) return errno == ENOENT ? 0 : failed(why, size, "stat", path);
    if (S_ISDIR(st.st_mode)) {
        if (mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755") < 0)
            return failed(why, size, "mask", path);
        return 0;
    }
    if (mount("/dev/null", path, NULL, MS_BIND, NULL) < 0) return failed(why, size, "mask", path);
    return 0;
}

/* A bind mount of the path onto itself, remounted read-only (a bind remount changes only this mount). */
static int readonly_path(const char *path, char *why, size_t size) {
    if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
        return errno == ENOENT ? 0 : failed(why, size, "bind", path);
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
    if (mount(NULL, path, NULL, flags, NULL) < 0) return failed(why, size, "remount read-only", path);
    return 0;
}

int confine_paths(const struct confinement *c, char *why, size_t size) {
    for (int i = 0; i < c->maskedc; i++)
        if (mask_path(c->masked[i], why, size) < 0) return -1;
    for (int i = 0; i < c->readonlyc; i++)
        if (readonly_path(c->readonly[i], why, size) < 0) return -1;
    return 0;
}

int confine_root(const struct confinement *c, char *why, size_t size) {
    if (!c->readonly_root) return 0;
    if (mount(NULL, "/", NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) < 0)
        return failed(why, size, "remount read-only", "/");
    return 0;
}

/* The highest capability this kernel knows; dropping or setting beyond it fails with EINVAL. */
static int last_cap(void) {
    FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
    int last = -1;
    if (f) {
        if (fscanf(f, "%d", &last) != 1) last = -1;
        fclose(f);
    }
    return last >= 0 && last < 64 ? last : CAP_LAST_CAP;
}

int confine_bounding_set(const struct confinement *c, char *why, size_t size) {
    if (!c->has_caps) return 0;
    for (int cap = 0; cap <= last_cap(); cap++) {
        if (c->caps & (1ULL << cap)) continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
            snprintf(why, size, "drop capability %d from the bounding set: %s", cap, strerror(errno));
            return -1;
        }
    }
    return 0;
}

int confine_capabilities(const struct confinement *c, char *why, size_t size) {
    if (c->has_caps) {
        struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
        struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
        if (syscall(SYS_capget, &header, data) < 0) return failed(why, size, "capget", "");
        for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
            /* Never more than we still hold: setuid to a non-root user has already emptied permitted. */
            unsigned kept = (unsigned) (c->caps >> (32 * i)) & data[i].permitted;
            data[i].permitted = kept;
            data[i].effective = kept;
            data[i].inheritable = 0;
        }
        if (syscall(SYS_capset, &header, data) < 0) return failed(why, size, "capset", "");
    }
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        return failed(why, size, "clear ambient capabilities", "");
    if (c->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        return failed(why, size, "prctl", "no_new_privs");
    return 0;
}
