/* Compiles and loads the "seccomp" lines with libseccomp; the format is in syscall_filter.h. */
#include "syscall_filter.h"

#include "failure.h"

#include <errno.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

void *seccomp_build(const struct seccomp_lines *s) {
    if (s->count == 0) return NULL;
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
    return ctx;
}

void seccomp_apply(void *filter) {
    if (!filter) return;
    int rc = seccomp_load((scmp_filter_ctx) filter);
    if (rc < 0) fail(125, "seccomp: load the filter: %s", strerror(-rc));
}
