/* Whole writes to a file descriptor, for the monitor and berth-exec alike. */
#ifndef BERTH_FDIO_H
#define BERTH_FDIO_H

#include <stddef.h>

/* Writes all len bytes, retrying short writes and EINTR; 0 when done, -1 when the descriptor refused. */
int write_all(int fd, const char *buf, size_t len);

#endif
