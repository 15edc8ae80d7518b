/* Exec a container's command the way runc does: argv[0] looked up in the CONTAINER's PATH (its env), never ours. */
#ifndef BERTH_PATHEXEC_H
#define BERTH_PATHEXEC_H

#include <stddef.h>

/*
 * execve()s argv with envp (both NULL-terminated). Returns only on failure: the exit code Docker reports (127 not
 * found, 126 permission denied, `other` for anything else) with `why` set to runc's words.
 */
int path_exec(char *const argv[], char *const envp[], int other, char *why, size_t size);

#endif
