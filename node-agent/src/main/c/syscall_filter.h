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
 * seccomp_apply loads the result as the very last step before execve (init.h), after no_new_privs.
 */
#ifndef BERTH_SYSCALL_FILTER_H
#define BERTH_SYSCALL_FILTER_H

#define SECCOMP_MAX_LINES 512

struct seccomp_lines {
    char *line[SECCOMP_MAX_LINES + 1];
    int count; /* 0: no filter (unconfined, privileged) */
};

/* Appends one "seccomp" value; -1 when the list is full. */
int seccomp_add_line(struct seccomp_lines *s, char *line);

/* Compiles the lines (fail() naming the bad one); NULL when there are none. */
void *seccomp_build(const struct seccomp_lines *s);

/* Loads a compiled filter into this process (fail() if the kernel refuses); nothing for NULL. */
void seccomp_apply(void *filter);

#endif
