/*
 * A pseudo-terminal from the container's own devpts instance, for the monitor's container init and for a
 * `docker exec -t` alike: opened through /dev/ptmx once inside the container's root, so the command sees
 * /dev/pts/N of its container and no host pty.
 */
#ifndef BERTH_TERMINAL_H
#define BERTH_TERMINAL_H

/* Opens a master (CLOEXEC) and its slave, sized rows x cols (0 or out of range: 24x80). 0, or -1 with why set. */
int terminal_open(long rows, long cols, int *master, int *slave, char *why, unsigned long size);

/* In the child: a session of its own with the slave as controlling terminal and stdin, stdout, stderr. */
void terminal_take(int slave);

/* TIOCSWINSZ on the master (the kernel sends the foreground group SIGWINCH); sizes out of range are ignored. */
void terminal_resize(int master, long rows, long cols);

#endif
