/*
 * How a process between fork and exec tells its parent why it stopped: one fixed-size record on a CLOEXEC
 * pipe. The parent reads EOF when exec succeeded (the pipe closed with the image) or the record when a stage
 * failed. Used by the monitor's container init and by berth-exec's child alike.
 */
#ifndef BERTH_FAILURE_H
#define BERTH_FAILURE_H

#include <stddef.h>

struct failure {
    int code;          /* the exit code the user sees: 125 setup, 126 cannot run, 127 not found */
    char message[400]; /* runc's words where there are some */
};

/* The write end of the error pipe in this process; fail() writes there. Moved to fd 3 by init_close_fds. */
extern int failure_fd;

/* Sends {code, message} to the parent and exits with code. */
void fail(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

/* fail(125, "<what> <path>: <strerror>") when rc < 0. */
void must(int rc, const char *what, const char *path);

/* Waits for the child's verdict: 0 on EOF (exec succeeded), 1 with *f filled when a stage failed. */
int failure_receive(int fd, struct failure *f);

/* Go's error strings (which Docker prints) start in lower case; strerror's start in upper case. */
const char *go_error(int err);

#endif
