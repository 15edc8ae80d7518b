/*
 * berth-overlay: mounts a container's overlay root with its image layers idmapped into the container's id range,
 * so a file the image gives to uid n is, to the host, owned by base+n, and inside the container by n again,
 * without chowning the layers the containers of this node share.
 *
 * Why a helper: making the user namespace the idmap refers to needs a fork, and the JVM never forks.
 * Usage: berth-overlay [--netns <path>] <base> <count> <target> <staging> <upper> <work> <lower>... (lowest layer
 *        first); with --netns also the container's network namespace at <path>, owned by the very user namespace
 *        the layers are idmapped through (so a start forks one helper and makes one user namespace, not two);
 *        berth-overlay netns <base> <count> <path>: only the network namespace, owned by a user namespace of that
 *        range (netns.c).
 * Each layer is cloned (open_tree), idmapped (mount_setattr) and attached at <staging>/<i>; the overlay is
 * mounted from those; overlay keeps a private clone of each layer mount, so the staging mounts are detached and
 * their directories removed at once. Upper and work stay plain (an idmapped upper is refused by overlay when
 * the mounter is host root: its work dir would be made with ids outside the map); the agent owns the upper's
 * root to the container's root. Output: nothing and exit 0, or the reason on stderr and exit 1.
 */
#include "netns.h"
#include "userns.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LAYERS 128
#define DATA_MAX 4096

static int staged;
static char staging_paths[MAX_LAYERS][4096];

static void unstage(void) {
    for (int i = 0; i < staged; i++) {
        umount2(staging_paths[i], MNT_DETACH);
        rmdir(staging_paths[i]);
    }
}

static int refuse(const char *what, const char *path) {
    fprintf(stderr, "berth-overlay: %s %s: %s\n", what, path, strerror(errno));
    unstage();
    return 1;
}

static int number(const char *s, unsigned long *out) {
    char *end;
    errno = 0;
    *out = strtoul(s, &end, 10);
    return errno || end == s || *end ? -1 : 0;
}

int main(int argc, char **argv) {
    unsigned long base, count;
    if (argc == 5 && !strcmp(argv[1], "netns")) {
        if (number(argv[2], &base) < 0 || number(argv[3], &count) < 0) return 2;
        return netns_make(base, count, argv[4]);
    }
    const char *netns = NULL;
    if (argc > 2 && !strcmp(argv[1], "--netns")) {
        netns = argv[2];
        argc -= 2, argv += 2;
    }
    if (argc < 8 || argc - 7 > MAX_LAYERS || number(argv[1], &base) < 0 || number(argv[2], &count) < 0) {
        fprintf(stderr, "usage: berth-overlay [--netns <path>] <base> <count> <target> <staging> <upper> <work> "
                        "<lower>...\n");
        return 2;
    }
    const char *target = argv[3], *staging = argv[4], *upper = argv[5], *work = argv[6];
    char why[512];
    int userns = userns_open(base, count, why, sizeof why);
    if (userns < 0) {
        fprintf(stderr, "berth-overlay: %s\n", why);
        return 1;
    }
    /* first: if it fails nothing is mounted yet; if the overlay fails after it, the agent's undo removes it */
    if (netns && netns_make_in(userns, netns)) return 1;
    if (mkdir(staging, 0700) < 0 && errno != EEXIST) return refuse("mkdir", staging);
    int layers = argc - 7;
    for (int i = 0; i < layers; i++) {
        const char *lower = argv[7 + i];
        snprintf(staging_paths[i], sizeof staging_paths[i], "%s/%d", staging, i);
        if (mkdir(staging_paths[i], 0700) < 0 && errno != EEXIST) return refuse("mkdir", staging_paths[i]);
        int tree = userns_idmapped_tree(lower, userns);
        if (tree < 0) return refuse("idmap layer", lower);
        int rc = move_mount(tree, "", AT_FDCWD, staging_paths[i], MOVE_MOUNT_F_EMPTY_PATH);
        close(tree);
        if (rc < 0) return refuse("attach idmapped layer at", staging_paths[i]);
        staged = i + 1;
    }
    /* overlay stacks lowerdir left over right: the highest layer first */
    char data[DATA_MAX];
    int len = snprintf(data, sizeof data, "lowerdir=");
    for (int i = layers - 1; i >= 0 && len < DATA_MAX; i--)
        len += snprintf(data + len, sizeof data - len, "%s%s", staging_paths[i], i ? ":" : "");
    if (len < DATA_MAX) len += snprintf(data + len, sizeof data - len, ",upperdir=%s,workdir=%s", upper, work);
    if (len >= DATA_MAX) {
        errno = E2BIG;
        return refuse("overlay options for", target);
    }
    if (mount("overlay", target, "overlay", 0, data) < 0) return refuse("mount overlay at", target);
    unstage();
    rmdir(staging);
    return 0;
}
