/* The log and input relay of the monitor, berth-exec's terminal relay, and the control lines of both. */
#include "relay.h"

#include "fdio.h"
#include "terminal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES (16 * 1024) /* Docker also splits log lines at 16 KiB */

/* ---------- control lines ---------- */

struct control {
    int fd;
    size_t len;
    char buf[256];
};

enum { CONTROL_NONE = 0, CONTROL_CLOSE_STDIN = 1 };

static int control_line(const char *line, int master) {
    long rows, cols;
    if (sscanf(line, "resize %ld %ld", &rows, &cols) == 2) {
        if (master >= 0) terminal_resize(master, rows, cols);
        return CONTROL_NONE;
    }
    return !strcmp(line, "close-stdin") ? CONTROL_CLOSE_STDIN : CONTROL_NONE;
}

/* Reads what is there and acts on every whole line; returns CONTROL_CLOSE_STDIN if one asked for it. */
static int control_read(struct control *c, int master) {
    ssize_t n = read(c->fd, c->buf + c->len, sizeof c->buf - c->len - 1);
    if (n <= 0) return CONTROL_NONE;
    int asked = CONTROL_NONE;
    c->len += (size_t) n;
    c->buf[c->len] = 0;
    char *line = c->buf, *nl;
    while ((nl = strchr(line, '\n'))) {
        *nl = 0;
        asked |= control_line(line, master);
        line = nl + 1;
    }
    c->len = strlen(line);
    memmove(c->buf, line, c->len);
    if (c->len == sizeof c->buf - 1) c->len = 0; /* no line is that long: drop it */
    return asked;
}

int relay_fifo(const char *dir, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (unlink(path) < 0 && errno != ENOENT) return -1;
    if (mkfifo(path, 0600) < 0) return -1;
    return open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
}

/* ---------- the monitor's log ---------- */

/* One Docker json-file line: {"log":"...","stream":"...","time":"RFC 3339 with nanoseconds"}. */
static void log_line(FILE *log, const char *stream, const char *text, size_t len) {
    struct timespec ts;
    struct tm tm;
    char stamp[40];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    fputs("{\"log\":\"", log);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char) text[i];
        if (c == '"' || c == '\\') fprintf(log, "\\%c", c);
        else if (c == '\n') fputs("\\n", log);
        else if (c == '\r') fputs("\\r", log);
        else if (c == '\t') fputs("\\t", log);
        else if (c < 0x20 || c == 0x7f) fprintf(log, "\\u%04x", c);
        else fputc(c, log);
    }
    fprintf(log, "\",\"stream\":\"%s\",\"time\":\"%s.%09ldZ\"}\n", stream, stamp, ts.tv_nsec);
}

struct stream {
    const char *name;
    int fd;
    size_t used;
    char line[LINE_MAX_BYTES];
};

/* Appends what is readable; returns 0 at EOF, after flushing a partial last line. */
static int pump(struct stream *s, FILE *log) {
    ssize_t n = read(s->fd, s->line + s->used, sizeof s->line - s->used);
    if (n < 0 && errno == EINTR) return 1;
    if (n <= 0) {
        if (s->used) log_line(log, s->name, s->line, s->used);
        s->used = 0;
        fflush(log);
        return 0;
    }
    s->used += (size_t) n;
    size_t start = 0;
    for (size_t i = 0; i < s->used; i++) {
        if (s->line[i] == '\n') {
            log_line(log, s->name, s->line + start, i + 1 - start);
            start = i + 1;
        }
    }
    if (start == 0 && s->used == sizeof s->line) start = s->used, log_line(log, s->name, s->line, s->used);
    memmove(s->line, s->line + start, s->used - start);
    s->used -= start;
    fflush(log);
    return 1;
}

/* A terminal's output is not line-based (a prompt has no newline): each read is one record, as Docker logs it. */
static int pump_raw(struct stream *s, FILE *log) {
    ssize_t n = read(s->fd, s->line, sizeof s->line);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return 1;
    if (n <= 0) return 0; /* EIO: no slave is open any more */
    log_line(log, s->name, s->line, (size_t) n);
    fflush(log);
    return 1;
}

/* Bytes on their way from the stdin FIFO to the command: read only when empty, so a slow reader holds us. */
struct input {
    int fifo, target; /* target: the stdin pipe or the pty master; -1 once closed */
    int tty, closing;
    size_t len, off;
    char buf[16384];
};

static void close_input(struct input *in) {
    /* a terminal has no stdin of its own to close (Docker leaves a tty's stdin open too) */
    if (in->target >= 0 && !in->tty) close(in->target);
    in->target = -1;
    in->len = in->off = 0;
}

static void feed_input(struct input *in) {
    while (in->off < in->len) {
        ssize_t n = write(in->target, in->buf + in->off, in->len - in->off);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return;
        if (n <= 0) { /* the command closed its stdin (EPIPE): nothing more will be read */
            close_input(in);
            return;
        }
        in->off += (size_t) n;
    }
    in->len = in->off = 0;
}

static void read_input(struct input *in) {
    ssize_t n = read(in->fifo, in->buf, sizeof in->buf);
    if (n > 0) {
        in->len = (size_t) n;
        in->off = 0;
        feed_input(in);
    } else if (in->closing) {
        close_input(in); /* drained: every byte written before the close line has been passed on */
    }
}

void relay_log(const struct log_relay *r) {
    static struct stream out = {.name = "stdout"}, err = {.name = "stderr"};
    static struct input in;
    static struct control control;
    int master = r->master;
    in.fifo = r->fifo;
    in.tty = master >= 0;
    in.target = master >= 0 ? master : r->in;
    control.fd = r->control;
    if (in.target >= 0) fcntl(in.target, F_SETFL, fcntl(in.target, F_GETFL) | O_NONBLOCK);
    out.fd = master >= 0 ? master : r->out;
    err.fd = master >= 0 ? -1 : r->err;
    struct stream *streams[2] = {&out, &err};
    int open_count = err.fd >= 0 ? 2 : 1;
    while (open_count > 0) {
        /* a close asked for waits for nothing but the FIFO's drain: never poll while it is pending */
        while (in.closing && in.target >= 0 && in.len == 0) read_input(&in);
        int feeding = in.target >= 0 && in.fifo >= 0;
        struct pollfd fds[5] = {
            {.fd = out.fd, .events = POLLIN},
            {.fd = err.fd, .events = POLLIN},
            {.fd = feeding && in.len == 0 ? in.fifo : -1, .events = POLLIN},
            {.fd = feeding && in.len > 0 ? in.target : -1, .events = POLLOUT},
            {.fd = control.fd, .events = POLLIN},
        };
        if (poll(fds, 5, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (streams[i]->fd < 0 || !fds[i].revents) continue;
            if (!(master >= 0 ? pump_raw(streams[i], r->log) : pump(streams[i], r->log))) {
                if (master < 0) close(streams[i]->fd);
                streams[i]->fd = -1;
                open_count--;
            }
        }
        if (fds[4].revents && control_read(&control, master) & CONTROL_CLOSE_STDIN) in.closing = 1;
        if (fds[3].revents && in.target >= 0) feed_input(&in);
        if (fds[2].revents && in.target >= 0 && in.len == 0) read_input(&in);
    }
    fflush(r->log);
}

/* ---------- berth-exec's terminal ---------- */

void relay_terminal(int master, int control_fd) {
    static struct control control;
    control.fd = control_fd;
    char buf[16384];
    struct pollfd fds[3] = {{.fd = 0, .events = POLLIN}, {.fd = master, .events = POLLIN},
                            {.fd = control_fd, .events = POLLIN}};
    for (;;) {
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[2].revents) control_read(&control, master); /* close-stdin means nothing to a terminal */
        if (fds[0].revents) {
            ssize_t n = read(0, buf, sizeof buf);
            /* stdin's EOF is not the end: output keeps flowing until the process is done. */
            if (n <= 0 || write_all(master, buf, (size_t) n) < 0) fds[0].fd = -1;
        }
        if (fds[1].revents) {
            ssize_t n = read(master, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return;
            if (write_all(1, buf, (size_t) n) < 0) return;
        }
    }
}
