/*
 * Moving bytes while a container process runs.
 *
 * Control lines, one protocol for the monitor and berth-exec: a FIFO the helper holds open read-write (so writers
 * come and go without an EOF) carries lines of at most 255 bytes, each written in one write:
 *   "resize <rows> <cols>"  TIOCSWINSZ on the pty master (the kernel sends SIGWINCH); ignored without a tty
 *   "close-stdin"           monitor only: once the stdin FIFO is drained, close the command's stdin pipe
 * The agent writes them through MonitorInput.java for both.
 *
 * relay_log (the monitor): the container's stdout/stderr, or its pty master raw, into Docker's json-file log;
 * bytes from the stdin FIFO into the command; control lines. Until every output stream has ended.
 * relay_terminal (berth-exec with a tty): our stdin into the pty master, the master into our stdout, control
 * lines. Until the terminal has no writer left.
 */
#ifndef BERTH_RELAY_H
#define BERTH_RELAY_H

#include <stdio.h>

struct log_relay {
    FILE *log;
    int master;        /* the pty master, or -1 without a tty */
    int out, err;      /* without a tty: the read ends of the command's stdout and stderr pipes */
    int in;            /* without a tty: the write end of the command's stdin pipe, or -1 */
    int fifo, control; /* the stdin and control FIFOs, or -1 when the container takes no input */
};

void relay_log(const struct log_relay *r);

void relay_terminal(int master, int control);

/* Makes the FIFO <dir>/<name> afresh (a previous run's may linger) and opens it read-write, non-blocking. */
int relay_fifo(const char *dir, const char *name);

#endif
