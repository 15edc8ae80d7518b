/* The pty of a container process; see terminal.h. */
#include "terminal.h"

#include "failure.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int in_range(long rows, long cols) {
    return rows > 0 && rows <= 65535 && cols > 0 && cols <= 65535;
}

int terminal_open(long rows, long cols, int *master, int *slave, char *why, unsigned long size) {
    int m = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0) {
        snprintf(why, size, "open /dev/ptmx: %s", strerror(errno));
        return -1;
    }
    int unlock = 0;
    int s = ioctl(m, TIOCSPTLCK, &unlock) < 0 ? -1 : ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    if (s < 0) {
        /* kernels before 4.13 have no TIOCGPTPEER: open the slave by its name in this devpts */
        int n;
        char path[64];
        if (ioctl(m, TIOCGPTN, &n) == 0) {
            snprintf(path, sizeof path, "/dev/pts/%d", n);
            s = open(path, O_RDWR | O_NOCTTY);
        }
    }
    if (s < 0) {
        snprintf(why, size, "open pty slave: %s", strerror(errno));
        close(m);
        return -1;
    }
    /* the client's size from create, so a command that reads it at once does not see 24x80 before a resize */
    terminal_resize(m, in_range(rows, cols) ? rows : 24, in_range(rows, cols) ? cols : 80);
    *master = m;
    *slave = s;
    return 0;
}

void terminal_take(int slave) {
    must(setsid(), "setsid", "");
    must(ioctl(slave, TIOCSCTTY, 0), "set controlling terminal", "pty");
    if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0) fail(125, "dup2: %s", strerror(errno));
    if (slave > 2) close(slave);
}

void terminal_resize(int master, long rows, long cols) {
    if (!in_range(rows, cols)) return;
    struct winsize ws = {.ws_row = (unsigned short) rows, .ws_col = (unsigned short) cols};
    ioctl(master, TIOCSWINSZ, &ws);
}
