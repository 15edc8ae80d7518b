/*
 * The last steps of every process Berth starts in a container, the container's own first process (berth-monitor)
 * and each `docker exec` (berth-exec) alike, so the two cannot drift: both fill one struct process (the agent
 * resolved it: MonitorSpec for a container, ExecCommandLine for an exec, both from Confinement.java) and call
 * init_process, which never returns.
 *
 * The order, and why:
 *   1. bounding set: every capability not kept is dropped while we still hold CAP_SETPCAP;
 *   2. ids: setgroups, setgid, setuid (a non-root uid empties permitted and effective here), then the
 *      parent-death signal if one is asked for (a change of ids clears it, so it is set after them);
 *   3. capabilities: permitted and effective = kept (as far as still held), inheritable and ambient empty
 *      (Docker keeps inheritable empty since CVE-2022-24769);
 *   0. the seccomp filter is compiled (syscall_filter.h), so a bad one fails before anything changed;
 *   0b. the container's user namespace, if it has one (userns.h), is entered: everything before (mounts,
 *      pivot_root, cgroups, devices) was done as host root; from here root is the container's root, an
 *      unprivileged host user. setns gives a full capability and bounding set in the new namespace, so it
 *      comes before step 1 (what the bounding set lacked before is dropped again at once); setgroups and
 *      setresuid/gid(0) make the process the namespace's root; the container's init then unshares a mount
 *      namespace owned by it (locked copies of its mounts; CAP_SYS_ADMIN there can mount a tmpfs, as under runc);
 *   4. no_new_privs, so nothing after it depends on privilege, and the filter may be loaded without
 *      CAP_SYS_ADMIN;
 *   5. descriptors: all but 0, 1, 2 and the error pipe (moved to 3, CLOEXEC) are closed;
 *   6. working directory: chdir, then getcwd must still name a path under the root, so a cwd reached through a
 *      leaked descriptor is refused (runc's CVE-2024-21626); after step 5 there is none left to reach;
 *   7. the seccomp filter is loaded: the last step, so nothing of ours runs under it but the execve
 *      (as runc), and a custom profile need not allow chdir, close_range or capset;
 *   8. exec, with the argv[0] looked up in the process's own PATH (pathexec.c).
 *
 * Why the bounding set is what counts for root: on execve the kernel gives uid 0 the whole bounding set as
 * permitted and effective, whatever capset said before; capset matters only until exec and for other users.
 */
#ifndef BERTH_INIT_H
#define BERTH_INIT_H

#include "syscall_filter.h"

#define INIT_MAX_LIST 256

/* A process as the agent resolved it: what runs, as whom, and with what it may do. */
struct process {
    char *argv[INIT_MAX_LIST + 1];
    char *env[INIT_MAX_LIST + 1]; /* exactly the environment; PATH in it is where argv[0] is looked up */
    int argc, envc;
    char *cwd;
    long uid, gid;           /* -1: keep root's */
    int has_caps;            /* 0: keep every capability (privileged) */
    unsigned long long caps; /* bit n set: capability n is kept */
    int no_new_privs;
    struct seccomp_lines seccomp; /* none: no filter */
    int parent_death_signal; /* 0: none; berth-exec: SIGKILL, nobody relays its output once it is gone */
    int other_code;          /* the exit code for a failure that is neither "not found" nor "denied" */
    int userns_fd;           /* -1: stay in the caller's user namespace; else setns() into it first (step 0b) */
    int own_mount_namespace; /* with userns_fd: then unshare a mount namespace owned by it (the container's init) */
};

/* Applies steps 0-8 above; reports a failed step through failure_fd (failure.h) and exits. Never returns. */
void init_process(struct process *p) __attribute__((noreturn));

#endif
