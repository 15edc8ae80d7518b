/*
 * The user's mounts (binds, volumes, tmpfs), applied by berth-monitor's child in its own mount namespace after
 * /proc, /dev and /sys and before pivot_root. Java decides everything (MonitorSpec "mount", "mount_source",
 * "mount_target", "mount_options", "mount_data"); these functions only apply it. Each returns 0, or -1 with the
 * reason written to why.
 */
#ifndef BERTH_MOUNTS_H
#define BERTH_MOUNTS_H

#include <stddef.h>

#define MOUNTS_MAX 64

struct user_mount {
    const char *type;     /* "bind" (volumes are binds of their directory) or "tmpfs" */
    const char *source;   /* host path of a bind; unused for tmpfs */
    const char *target;   /* path inside the root, already resolved by the agent; re-resolved here in the root */
    const char *options;  /* comma words: ro, nosuid, nodev, noexec, [r]private, [r]slave, [r]shared */
    const char *data;     /* tmpfs data (size=, mode=) or empty */
};

struct user_mounts {
    struct user_mount list[MOUNTS_MAX];
    int count;
};

/* One spec line; "mount <type>" starts an entry, the other keys fill the last one. 1: not a mount key. */
int mounts_read(struct user_mounts *m, const char *key, const char *value);

/*
 * Every mount in order, each target opened with RESOLVE_IN_ROOT under rootfs so no symlink leads out of it.
 * With a user namespace (userns_fd >= 0, its root is host uid base): binds are idmapped clones through it, so a
 * volume or host directory shows its real owners inside and what the container's root writes is owned by host
 * root, shared alike by containers of different ranges; a source filesystem that cannot be idmapped is bound
 * plainly (said on stderr, the monitor's log). A tmpfs belongs to the container's root (uid=, gid= base).
 */
int mounts_apply(const struct user_mounts *m, const char *rootfs, int userns_fd, unsigned long base, char *why,
                 size_t size);

#endif
