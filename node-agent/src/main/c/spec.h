/*
 * What the agent asks of a native helper, in one key vocabulary for both: the monitor reads it as "key value"
 * lines from a spec file (MonitorSpec.java), berth-exec as "--key value" arguments (ExecCommandLine.java).
 * Values in the file are escaped with "\\" and "\n"; arguments need no escaping.
 *
 * Keys of both:
 *   arg, env (repeated: the argv and exactly the environment), cwd, uid, gid, cgroup (repeated: a cgroup.procs
 *   file to join), caps (hex mask of the capabilities kept; absent: keep all), no_new_privs (1 or 0),
 *   seccomp (repeated: the filter's lines, syscall_filter.h; absent: no filter), seccomp_cache (the directory
 *   of compiled filters),
 *   tty (1: stdio is a pty slave and the controlling terminal), rows, cols (its size before exec; absent 24x80)
 * The monitor's (a container's first process):
 *   rootfs, hostname, log, state, init (a host binary bound read-only at /dev/init), stdin (1: without
 *   tty, stdin is a pipe the monitor feeds),
 *   readonly_root (1 or 0), mask, readonly (repeated: paths inside the container),
 *   net (host: stay in the host's network namespace; a path: join that namespace, which the agent has made and
 *   wired beforehand, /run/netns/<name> or /proc/<pid>/ns/net; absent: a new, empty one),
 *   the user mounts (mounts.h): "mount <type>" starts one, then its mount_source, mount_target, mount_options,
 *   mount_data
 * berth-exec's (a process joining a running container):
 *   pid (host pid of the container's first process), control (a FIFO of control lines, see relay.h)
 * userns: the monitor's "<base> <count>" (a new user namespace mapping 0..count-1 to base.., entered last
 *   before the confinement; mounts idmapped through it); berth-exec's "join" (setns into the pid's);
 *   userns_from_net (1: the "net" namespace belongs to the container's user namespace, which is taken from it)
 *
 * Unknown keys in a file are ignored so an older monitor still runs a newer spec; an unknown argument is an
 * error (berth-exec and the agent always ship together). A value that does not parse, or a list that
 * overflows, makes the whole spec unreadable rather than half applied.
 */
#ifndef BERTH_SPEC_H
#define BERTH_SPEC_H

#include "init.h"
#include "mounts.h"

#define SPEC_MAX_PATHS 64

struct spec {
    struct process process; /* argv, env, cwd, ids, caps, no_new_privs: what init_process applies */
    int tty;
    long rows, cols;        /* tty only; 0 keeps 24x80 */
    char *cgroups[INIT_MAX_LIST + 1];
    int cgroupc;
    /* the monitor's */
    char *rootfs, *hostname, *log, *state;
    char *net;              /* NULL: a new network namespace; "host"; or a namespace file to join */
    char *init; /* host path of the init bound read-only at /dev/init (--init); the agent puts it in argv */
    int stdin_open, readonly_root;
    char *masked[SPEC_MAX_PATHS + 1], *readonly[SPEC_MAX_PATHS + 1];
    int maskedc, readonlyc;
    struct user_mounts mounts; /* binds, volumes, tmpfs: applied after /sys, before pivot_root */
    /* berth-exec's */
    long pid;
    char *control;
    /* the user namespace: the monitor makes one mapping 0..count-1 to base.. (count 0: none); berth-exec joins
       the pid's (userns_join) */
    unsigned long userns_base, userns_count;
    int userns_join;
    int userns_from_net; /* the monitor's: the "net" namespace was made inside the user namespace: take that one */
};

/* Defaults: root's ids (-1), cwd "/", every capability. */
void spec_init(struct spec *s);

/* The monitor's spec file; 0, or -1 when it cannot be read or a value is bad. */
int spec_read_file(struct spec *s, const char *path);

/* berth-exec's "--key value"... "--" argv...; 0, or -1 for an unknown key or a bad value. */
int spec_read_args(struct spec *s, int argc, char **argv);

#endif
