/* One key vocabulary for the monitor's spec file and berth-exec's arguments; see spec.h. */
#include "spec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { KNOWN = 0, BAD = -1, UNKNOWN = 1 };

static int append(char **list, int *count, int max, char *value) {
    if (*count >= max) return BAD;
    list[(*count)++] = value;
    list[*count] = NULL;
    return KNOWN;
}

static int number(const char *value, long *out) {
    char *end;
    errno = 0;
    long n = strtol(value, &end, 10);
    if (errno || end == value || *end) return BAD;
    *out = n;
    return KNOWN;
}

static int flag(const char *value, int *out) {
    *out = !strcmp(value, "1");
    return KNOWN;
}

static int hex_mask(const char *value, struct process *p) {
    char *end;
    errno = 0;
    p->caps = strtoull(value, &end, 16);
    p->has_caps = 1;
    return errno || end == value || *end ? BAD : KNOWN;
}

/* "join", or "<base> <count>" with a count of at least 1. */
static int userns(struct spec *s, const char *value) {
    if (!strcmp(value, "join")) return s->userns_join = 1, KNOWN;
    char extra;
    if (sscanf(value, "%lu %lu %c", &s->userns_base, &s->userns_count, &extra) != 2 || s->userns_count == 0)
        return BAD;
    return KNOWN;
}

static int set(struct spec *s, const char *key, char *value) {
    struct process *p = &s->process;
    if (!strcmp(key, "arg")) return append(p->argv, &p->argc, INIT_MAX_LIST, value);
    if (!strcmp(key, "env")) return append(p->env, &p->envc, INIT_MAX_LIST, value);
    if (!strcmp(key, "cgroup")) return append(s->cgroups, &s->cgroupc, INIT_MAX_LIST, value);
    if (!strcmp(key, "cwd")) return p->cwd = value, KNOWN;
    if (!strcmp(key, "uid")) return number(value, &p->uid);
    if (!strcmp(key, "gid")) return number(value, &p->gid);
    if (!strcmp(key, "caps")) return hex_mask(value, p);
    if (!strcmp(key, "no_new_privs")) return flag(value, &p->no_new_privs);
    if (!strcmp(key, "seccomp")) return seccomp_add_line(&p->seccomp, value) < 0 ? BAD : KNOWN;
    if (!strcmp(key, "seccomp_cache")) return p->seccomp.cache = value, KNOWN;
    if (!strcmp(key, "tty")) return flag(value, &s->tty);
    if (!strcmp(key, "rows")) return number(value, &s->rows);
    if (!strcmp(key, "cols")) return number(value, &s->cols);
    if (!strcmp(key, "rootfs")) return s->rootfs = value, KNOWN;
    if (!strcmp(key, "hostname")) return s->hostname = value, KNOWN;
    if (!strcmp(key, "log")) return s->log = value, KNOWN;
    if (!strcmp(key, "state")) return s->state = value, KNOWN;
    if (!strcmp(key, "net")) return s->net = value, KNOWN;
    if (!strcmp(key, "init")) return s->init = value, KNOWN;
    if (!strcmp(key, "stdin")) return flag(value, &s->stdin_open);
    if (!strcmp(key, "readonly_root")) return flag(value, &s->readonly_root);
    if (!strcmp(key, "mask")) return append(s->masked, &s->maskedc, SPEC_MAX_PATHS, value);
    if (!strcmp(key, "readonly")) return append(s->readonly, &s->readonlyc, SPEC_MAX_PATHS, value);
    if (!strcmp(key, "pid")) return number(value, &s->pid);
    if (!strcmp(key, "control")) return s->control = value, KNOWN;
    if (!strcmp(key, "userns")) return userns(s, value);
    if (!strcmp(key, "userns_from_net")) return flag(value, &s->userns_from_net);
    return mounts_read(&s->mounts, key, value); /* UNKNOWN (1) unless a mount key */
}

void spec_init(struct spec *s) {
    memset(s, 0, sizeof *s);
    s->process.uid = s->process.gid = -1;
    s->process.userns_fd = -1;
    s->process.cwd = "/";
}

static void unescape(char *s) {
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '\\' && r[1]) {
            r++;
            *w++ = *r == 'n' ? '\n' : *r;
        } else {
            *w++ = *r;
        }
    }
    *w = 0;
}

int spec_read_file(struct spec *s, const char *path) {
    FILE *f = fopen(path, "re");
    if (!f) return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = KNOWN;
    while (rc != BAD && (n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n') line[n - 1] = 0;
        char *space = strchr(line, ' ');
        if (!space) continue;
        *space = 0;
        char *value = strdup(space + 1);
        if (!value) rc = BAD;
        else unescape(value), rc = set(s, line, value);
    }
    free(line);
    fclose(f);
    return rc == BAD ? -1 : 0;
}

int spec_read_args(struct spec *s, int argc, char **argv) {
    int i = 1;
    for (; i < argc; i++) {
        const char *k = argv[i];
        if (!strcmp(k, "--")) {
            i++;
            break;
        }
        if (strncmp(k, "--", 2) || i + 1 >= argc || set(s, k + 2, argv[i + 1]) != KNOWN) return -1;
        i++;
    }
    for (; i < argc; i++)
        if (append(s->process.argv, &s->process.argc, INIT_MAX_LIST, argv[i]) != KNOWN) return -1;
    return 0;
}
