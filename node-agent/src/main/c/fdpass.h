/*
 * One descriptor over a unix socket (SCM_RIGHTS): the monitor's container init sends the pty master it opened in
 * the container's devpts, the monitor receives it. The receiving side trusts nothing it did not ask for: a
 * truncated message or control part, another level or type, or more than one descriptor is refused (and any
 * descriptor that did arrive is closed), as runc's nsenter ipc checks its messages.
 */
#ifndef BERTH_FDPASS_H
#define BERTH_FDPASS_H

/* 0, or -1 with errno set. */
int fdpass_send(int socket_fd, int fd);

/* Waits for one message: the descriptor (CLOEXEC), or -1 (errno EPROTO for a message that is not exactly one). */
int fdpass_receive(int socket_fd);

#endif
