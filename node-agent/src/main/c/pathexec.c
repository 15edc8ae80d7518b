/* Shared by the monitor (a container's init) and berth-exec (a process joining one). See pathexec.h. */
#include "pathexec.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static const char *search_path(char *const envp[]) {
    for (int i = 0; envp && envp[i]; i++)
        if (!strncmp(envp[i], "PATH=", 5)) return envp[i] + 5;
    return DEFAULT_PATH;
}

int path_exec(char *const argv[], char *const envp[], int other, char *why, size_t size) {
    const char *name = argv[0];
    if (strchr(name, '/')) {
        execve(name, argv, envp);
        if (errno == ENOENT) {
            snprintf(why, size, "exec: \"%s\": stat %s: no such file or directory", name, name);
            return 127;
        }
        snprintf(why, size, "exec: \"%s\": %s", name, errno == EACCES ? "permission denied" : strerror(errno));
        return errno == EACCES ? 126 : other;
    }
    int denied = 0;
    char candidate[4096];
    const char *dirs = search_path(envp);
    for (;;) {
        const char *end = strchrnul(dirs, ':');
        int len = (int) (end - dirs);
        snprintf(candidate, sizeof candidate, "%.*s/%s", len, len ? dirs : ".", name);
        execve(candidate, argv, envp);
        if (errno == EACCES) denied = 1;
        else if (errno != ENOENT && errno != ENOTDIR) break;
        if (!*end) break;
        dirs = end + 1;
    }
    if (denied || errno == EACCES) {
        snprintf(why, size, "exec: \"%s\": permission denied", name);
        return 126;
    }
    if (errno == ENOENT || errno == ENOTDIR) {
        snprintf(why, size, "exec: \"%s\": executable file not found in $PATH", name);
        return 127;
    }
    snprintf(why, size, "exec: \"%s\": %s", name, strerror(errno));
    return other;
}
