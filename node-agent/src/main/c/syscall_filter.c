/* Compiles and loads the "seccomp" lines with libseccomp; the format is in syscall_filter.h. */
#include "syscall_filter.h"

#include "failure.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* What seccomp_build hands seccomp_apply: a libseccomp context, or a cached program. */
struct built_filter {
    scmp_filter_ctx ctx;
    struct sock_fprog prog;
};
static struct built_filter built;

#define CACHE_MAGIC "berth-seccomp 1\n"
#define CACHE_MAX (8u << 20)

int seccomp_add_line(struct seccomp_lines *s, char *line) {
    if (s->count >= SECCOMP_MAX_LINES) return -1;
    s->line[s->count++] = line;
    s->line[s->count] = NULL;
    return 0;
}

static int parse_number(const char *text, unsigned long long *out) {
    char *end;
    errno = 0;
    *out = strtoull(text, &end, 10);
    return errno || end == text || *end ? -1 : 0;
}

/* "allow", "errno:1"...: the libseccomp action, or -1 as unknown (SCMP_ACT_* never are -1). */
static long long parse_action(const char *text) {
    unsigned long long n;
    if (!strcmp(text, "allow")) return SCMP_ACT_ALLOW;
    if (!strcmp(text, "kill")) return SCMP_ACT_KILL;
    if (!strcmp(text, "kill_process")) return SCMP_ACT_KILL_PROCESS;
    if (!strcmp(text, "trap")) return SCMP_ACT_TRAP;
    if (!strcmp(text, "log")) return SCMP_ACT_LOG;
    if (!strncmp(text, "errno:", 6) && !parse_number(text + 6, &n) && n <= 0xffff) return SCMP_ACT_ERRNO(n);
    if (!strncmp(text, "trace:", 6) && !parse_number(text + 6, &n) && n <= 0xffff) return SCMP_ACT_TRACE(n);
    return -1;
}

static int parse_op(const char *text, enum scmp_compare *op) {
    static const struct { const char *name; enum scmp_compare op; } ops[] = {
        {"ne", SCMP_CMP_NE}, {"lt", SCMP_CMP_LT}, {"le", SCMP_CMP_LE}, {"eq", SCMP_CMP_EQ},
        {"ge", SCMP_CMP_GE}, {"gt", SCMP_CMP_GT}, {"masked_eq", SCMP_CMP_MASKED_EQ}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (!strcmp(text, ops[i].name)) return *op = ops[i].op, 0;
    return -1;
}

/* "<index>:<op>:<value>:<value2>" */
static int parse_condition(char *text, struct scmp_arg_cmp *cmp) {
    char *index = strtok(text, ":"), *op = strtok(NULL, ":"), *a = strtok(NULL, ":"), *b = strtok(NULL, ":");
    unsigned long long i, va, vb;
    if (!index || !op || !a || !b || strtok(NULL, ":") || parse_number(index, &i) || i > 5 ||
        parse_op(op, &cmp->op) || parse_number(a, &va) || parse_number(b, &vb))
        return -1;
    cmp->arg = (unsigned) i;
    cmp->datum_a = va;
    cmp->datum_b = vb;
    return 0;
}

static void bad(const char *line, const char *why) {
    fail(125, "seccomp: %s: \"%.200s\"", why, line);
}

static void add_rule(scmp_filter_ctx ctx, const char *line, char *rest) {
    char *save, *action_text = strtok_r(rest, " ", &save), *names = strtok_r(NULL, " ", &save);
    long long action = action_text ? parse_action(action_text) : -1;
    if (action < 0 || !names) bad(line, "bad rule");
    struct scmp_arg_cmp conds[6];
    unsigned count = 0;
    for (char *c; (c = strtok_r(NULL, " ", &save));) {
        if (count >= 6 || parse_condition(c, &conds[count++]) < 0) bad(line, "bad condition");
    }
    char *name_save;
    for (char *name = strtok_r(names, ",", &name_save); name; name = strtok_r(NULL, ",", &name_save)) {
        int nr = seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR) continue; /* not a syscall this libseccomp knows (another arch, newer) */
        int rc = seccomp_rule_add_array(ctx, (uint32_t) action, nr, count, conds);
        if (rc < 0) fail(125, "seccomp: rule for %s: %s (\"%.200s\")", name, strerror(-rc), line);
    }
}

/* The lines as one text, one per line: what a cache file must hold to be taken for them. */
static char *lines_text(const struct seccomp_lines *s, size_t *len) {
    size_t n = 0;
    for (int i = 0; i < s->count; i++) n += strlen(s->line[i]) + 1;
    char *text = malloc(n + 1);
    if (!text) return NULL;
    char *at = text;
    for (int i = 0; i < s->count; i++) {
        size_t l = strlen(s->line[i]);
        memcpy(at, s->line[i], l);
        at[l] = '\n';
        at += l + 1;
    }
    *at = 0;
    *len = n;
    return text;
}

static unsigned long long fnv1a(const char *text, size_t len) {
    unsigned long long h = 14695981039346656037ULL;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char) text[i]) * 1099511628211ULL;
    return h;
}

/* The header a cache file starts with: the magic, the text's length, the text. */
static int write_header(int fd, const char *text, size_t len) {
    char head[64];
    int n = snprintf(head, sizeof head, CACHE_MAGIC "%zu\n", len);
    return write(fd, head, (size_t) n) == n && write(fd, text, len) == (ssize_t) len ? n + (int) len : -1;
}

/* Reads a cache file whose header holds exactly this text; its program is the rest. */
static void take_cached(struct seccomp_lines *s, int fd, const char *text, size_t len) {
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || (size_t) st.st_size > CACHE_MAX) return;
    unsigned char *all = malloc((size_t) st.st_size);
    if (!all) return;
    size_t got = 0;
    while (got < (size_t) st.st_size) {
        ssize_t r = read(fd, all + got, (size_t) st.st_size - got);
        if (r <= 0) break;
        got += (size_t) r;
    }
    char head[64];
    int h = snprintf(head, sizeof head, CACHE_MAGIC "%zu\n", len);
    size_t program = got > (size_t) h + len ? got - (size_t) h - len : 0;
    if (got != (size_t) st.st_size || memcmp(all, head, (size_t) h) || memcmp(all + h, text, len) || program == 0 ||
        program % sizeof(struct sock_filter) || program / sizeof(struct sock_filter) > BPF_MAXINSNS) {
        free(all);
        return;
    }
    s->program = all + h + len;
    s->program_len = program;
}

static struct seccomp_lines *exporting;

static void drop_export(void) {
    if (exporting) seccomp_cache_close(exporting, 0);
}

void seccomp_cache_open(struct seccomp_lines *s) {
    s->exporting = 0;
    if (s->count == 0 || !s->cache) return;
    size_t len;
    char *text = lines_text(s, &len);
    if (!text) return;
    snprintf(s->export_path, sizeof s->export_path, "%s/%016llx.bpf", s->cache, fnv1a(text, len));
    int fd = open(s->export_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        take_cached(s, fd, text, len);
        close(fd);
    }
    if (!s->program) {
        /* not there, or another text under that name: the child exports what it compiles beside it */
        snprintf(s->export_tmp, sizeof s->export_tmp, "%s/.%016llx.%d.tmp", s->cache, fnv1a(text, len), getpid());
        s->export_fd = open(s->export_tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (s->export_fd >= 0 && write_header(s->export_fd, text, len) < 0) {
            close(s->export_fd);
            unlink(s->export_tmp);
        } else if (s->export_fd >= 0) {
            s->exporting = 1;
            /* a helper that gives up before its child execs leaves no temp file */
            exporting = s;
            atexit(drop_export);
        }
    }
    free(text);
}

void seccomp_cache_close(struct seccomp_lines *s, int keep) {
    if (!s->exporting) return;
    s->exporting = 0;
    struct stat st;
    size_t len;
    char *text = lines_text(s, &len);
    char head[64];
    size_t h = text ? (size_t) snprintf(head, sizeof head, CACHE_MAGIC "%zu\n", len) + len : 0;
    /* a whole program after the header: the child exported all of it before it went on to exec */
    int whole = text && fstat(s->export_fd, &st) == 0 && (size_t) st.st_size > h &&
                ((size_t) st.st_size - h) % sizeof(struct sock_filter) == 0;
    free(text);
    close(s->export_fd);
    if (!keep || !whole || rename(s->export_tmp, s->export_path) < 0) unlink(s->export_tmp);
}

void *seccomp_build(struct seccomp_lines *s) {
    if (s->count == 0) return NULL;
    if (s->program) {
        built.prog.len = (unsigned short) (s->program_len / sizeof(struct sock_filter));
        built.prog.filter = (struct sock_filter *) s->program;
        return &built;
    }
    long long fallback = -1;
    for (int i = 0; i < s->count; i++)
        if (!strncmp(s->line[i], "default ", 8)) fallback = parse_action(s->line[i] + 8);
    if (fallback < 0) fail(125, "seccomp: no valid default action");
    scmp_filter_ctx ctx = seccomp_init((uint32_t) fallback);
    if (!ctx) fail(125, "seccomp: seccomp_init failed");
    /* no_new_privs is the confinement's own step (init.c); the filter never sets it behind its back. */
    if (seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) < 0) fail(125, "seccomp: cannot clear CTL_NNP");
    /* Architectures first: libseccomp gives a rule only to the architectures the filter has when it is added. */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < s->count; i++) {
            const char *line = s->line[i];
            char copy[8192];
            if (strlen(line) >= sizeof copy) bad(line, "line too long");
            strcpy(copy, line);
            if (!strncmp(copy, "default ", 8)) continue;
            if (!strncmp(copy, "arch ", 5)) {
                if (pass == 1) continue;
                uint32_t arch = seccomp_arch_resolve_name(copy + 5);
                if (!arch) bad(line, "unknown architecture");
                int rc = seccomp_arch_add(ctx, arch);
                if (rc < 0 && rc != -EEXIST) fail(125, "seccomp: add architecture %s: %s", copy + 5, strerror(-rc));
            } else if (!strncmp(copy, "rule ", 5)) {
                if (pass == 1) add_rule(ctx, line, copy + 5);
            } else {
                bad(line, "unknown line");
            }
        }
    }
    if (s->exporting) {
        /* a failed export only costs the cache: the parent then finds no whole program and drops the file */
        (void) seccomp_export_bpf(ctx, s->export_fd);
        close(s->export_fd);
        s->exporting = 0;
    }
    built.ctx = ctx;
    return &built;
}

void seccomp_apply(void *filter) {
    struct built_filter *b = filter;
    if (!b) return;
    int rc;
    if (b->ctx) {
        rc = seccomp_load(b->ctx);
    } else {
        /* as libseccomp loads the same program: no flags, no_new_privs already set (init.c) */
        rc = (int) syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &b->prog);
        if (rc < 0 && errno == ENOSYS) rc = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &b->prog);
        rc = rc < 0 ? -errno : 0;
    }
    if (rc < 0) fail(125, "seccomp: load the filter: %s", strerror(-rc));
}
