/*
 * The confinement stages of berth-monitor's child: what Docker's defaults take away from a container
 * (capabilities, no_new_privs, masked and read-only /proc paths, a read-only root on request).
 * Java decides everything (MonitorSpec "caps", "no_new_privs", "mask", "readonly", "readonly_root");
 * these functions only apply it. Each returns 0, or -1 with the reason written to why.
 */
#ifndef BERTH_CONFINE_H
#define BERTH_CONFINE_H

#include <stddef.h>

#define CONFINE_MAX_PATHS 64

struct confinement {
    int has_caps;             /* 0: no "caps" line, keep every capability (privileged) */
    unsigned long long caps;  /* bit n set: capability n is kept */
    int no_new_privs;
    int readonly_root;
    char *masked[CONFINE_MAX_PATHS + 1];
    char *readonly[CONFINE_MAX_PATHS + 1];
    int maskedc, readonlyc;
};

/* After pivot_root: /dev/null or an empty read-only tmpfs over each masked path, read-only binds over the rest. */
int confine_paths(const struct confinement *c, char *why, size_t size);

/* After every mount is in place: the root itself becomes read-only (/dev, /proc, /sys are their own mounts). */
int confine_root(const struct confinement *c, char *why, size_t size);

/* While still root with CAP_SETPCAP: drop every capability not kept from the bounding set. */
int confine_bounding_set(const struct confinement *c, char *why, size_t size);

/* After the uid/gid change: permitted and effective = kept (as far as we still hold them), inheritable and
 * ambient empty, then no_new_privs. */
int confine_capabilities(const struct confinement *c, char *why, size_t size);

#endif
