/* The error-pipe record of a failed stage; see failure.h. */
#include "failure.h"

#include "fdio.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int failure_fd = -1;

void fail(int code, const char *fmt, ...) {
    struct failure f = {.code = code};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f.message, sizeof f.message, fmt, ap);
    va_end(ap);
    write_all(failure_fd, (const char *) &f, sizeof f);
    _exit(code);
}

void must(int rc, const char *what, const char *path) {
    if (rc < 0) fail(125, "%s %s: %s", what, path, strerror(errno));
}

int failure_receive(int fd, struct failure *f) {
    ssize_t got;
    do got = read(fd, f, sizeof *f); while (got < 0 && errno == EINTR);
    if (got <= 0) return 0;
    /* A short record still means the child failed; whatever of the message arrived is kept. */
    if ((size_t) got < sizeof f->code) f->code = 125;
    if ((size_t) got < sizeof *f) memset((char *) f + got, 0, sizeof *f - (size_t) got);
    f->message[sizeof f->message - 1] = 0;
    return 1;
}

const char *go_error(int err) {
    static char text[128];
    snprintf(text, sizeof text, "%s", strerror(err));
    if (text[0] >= 'A' && text[0] <= 'Z') text[0] = (char) (text[0] - 'A' + 'a');
    return text;
}
