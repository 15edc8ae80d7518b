/*
 * The container's user namespace: a range of host ids (base, count) mapped to 0..count-1 inside, as podman's
 * --userns=auto. Made by root from outside, so the maps can be any range: a throwaway child unshares a user
 * namespace and waits while we write its uid_map and gid_map, then we hold the namespace by a descriptor and
 * let the child go. The descriptor serves twice: idmapped mounts (mount_setattr MOUNT_ATTR_IDMAP, so image
 * layers, volumes and binds show their real owners inside while the container's root is an unprivileged host
 * user), and setns() by the container's processes as the last step before their confinement (init.c).
 */
#ifndef BERTH_USERNS_H
#define BERTH_USERNS_H

#include <stddef.h>

/* A descriptor of a new user namespace mapping 0..count-1 to base..base+count-1 (uid and gid); -1 and why. */
int userns_open(unsigned long base, unsigned long count, char *why, size_t size);

/*
 * A detached clone of the mount tree at path (recursive), idmapped through userns_fd; -1 with errno (EINVAL:
 * the filesystem cannot be idmapped). The caller attaches it with move_mount and closes it.
 */
int userns_idmapped_tree(const char *path, int userns_fd);

#endif
