/*
 * A container's filesystem view, made by the monitor's child in its new mount namespace (berth-exec joins the
 * finished one and never builds anything): the root bound onto itself, /proc, a fresh /dev and /sys,
 * pivot_root into it, then Docker's masked and read-only paths and, on request, a read-only root.
 * Each stage reports a failure through fail() (failure.h).
 */
#ifndef BERTH_ROOTFS_H
#define BERTH_ROOTFS_H

#include "spec.h"

/* Makes "/" private (nothing propagates to the host), binds the rootfs, mounts proc, /dev (tmpfs, device nodes,
 * its own devpts, shm, the /proc/self/fd links) and a read-only /sys. */
void rootfs_build(const struct spec *s);

/* pivot_root into the rootfs (the "." trick: no .oldroot directory) and detach the old root. */
void rootfs_enter(const struct spec *s);

/* After rootfs_enter, while still holding CAP_SYS_ADMIN: /dev/null or an empty read-only tmpfs over each masked
 * path, read-only binds over the read-only ones, then the root itself read-only if asked. */
void rootfs_confine(const struct spec *s);

#endif
