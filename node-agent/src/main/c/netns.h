/* A container's network namespace owned by its user namespace; see netns.c. */
#ifndef BERTH_NETNS_H
#define BERTH_NETNS_H

/* Makes the namespace and binds it at path; 0, or 1 with the reason on stderr. */
int netns_make(unsigned long base, unsigned long count, const char *path);

#endif
