/*
 * Joining what a container is made of. Both helpers put a process into the container's cgroups (the monitor its
 * child before it may run, berth-exec itself before it forks); berth-exec also enters the namespaces and root of
 * the container's first process. Each returns 0, or -1 with the reason in why.
 */
#ifndef BERTH_JOIN_H
#define BERTH_JOIN_H

#include <stddef.h>
#include <sys/types.h>

/* Writes pid into every cgroup.procs file listed. */
int join_cgroups(char *const procs[], int count, pid_t pid, char *why, size_t size);

/* setns into the ipc, uts, net, pid (for children), cgroup and mount namespaces of pid, then chroot into its
 * root directory (it pivot_rooted, so the namespace's first mount is not the container root). */
int join_namespaces(long pid, int *userns_fd, char *why, size_t size);

#endif
