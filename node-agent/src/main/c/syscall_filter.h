/*
 * The seccomp filter of a container process, as the agent resolved it from a profile (SeccompFilter.java):
 * Docker's profile with its capability, architecture and kernel conditions already decided, so what reaches C
 * is a flat list of lines, each the value of one "seccomp" key (spec.h):
 *
 *   default <action>                      the action of every syscall no rule names
 *   arch <name>                           an architecture the filter also covers (libseccomp's name: x86, x32)
 *   rule <action> <name>[,<name>]... [<index>:<op>:<value>:<value2>]...
 *                                         names unknown to this libseccomp are skipped (runc does the same);
 *                                         several conditions on one rule are ANDed
 *   <action>: allow | errno:<n> | kill | kill_process | trap | log | trace:<n>
 *   <op>:     ne | lt | le | eq | ge | gt | masked_eq   (values unsigned decimal, 64 bits)
 *
 * libseccomp compiles them to BPF: seccomp_build runs early (a bad line fails the start with its text),
 * seccomp_apply loads the result as the very last step before execve (init.h), after no_new_privs. With a
 * cached program of the same lines, seccomp_build takes it instead of compiling.
 */
#ifndef BERTH_SYSCALL_FILTER_H
#define BERTH_SYSCALL_FILTER_H

#include <stddef.h>

#define SECCOMP_MAX_LINES 512

struct seccomp_lines {
    char *line[SECCOMP_MAX_LINES + 1];
    int count; /* 0: no filter (unconfined, privileged) */
    /* "seccomp_cache": the directory of compiled filters (the agent's, 0700), or NULL to compile every time */
    const char *cache;
    /* filled by seccomp_cache_open: the cached program of exactly these lines, or the file the child exports
       the one it compiles to (exporting is 0 when there is none) */
    unsigned char *program;
    size_t program_len;
    int exporting, export_fd;
    char export_tmp[4096], export_path[4096];
};

/*
 * The compiled-filter cache. libseccomp takes milliseconds of CPU to compile Docker's profile, at every start
 * and every exec; the program it makes depends only on the lines. A cache file holds the lines' text and the
 * BPF program libseccomp exported for them; it is used only when the text is the same byte for byte (its name,
 * a hash of the text, only finds it). Opened by the helper before it enters any namespace, so the child finds
 * the program in its memory after pivot_root or setns.
 */
void seccomp_cache_open(struct seccomp_lines *s);

/* After the child exec'd (keep = 1) its exported program becomes the cache file; otherwise it is dropped. */
void seccomp_cache_close(struct seccomp_lines *s, int keep);

/* Appends one "seccomp" value; -1 when the list is full. */
int seccomp_add_line(struct seccomp_lines *s, char *line);

/* Compiles the lines (fail() naming the bad one); NULL when there are none. */
void *seccomp_build(struct seccomp_lines *s);

/* Loads a compiled filter into this process (fail() if the kernel refuses); nothing for NULL. */
void seccomp_apply(void *filter);

#endif
