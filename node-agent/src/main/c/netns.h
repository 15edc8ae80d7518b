/* A container's network namespace owned by its user namespace; see netns.c. */
#ifndef BERTH_NETNS_H
#define BERTH_NETNS_H

/* Makes the namespace and binds it at path; 0, or 1 with the reason on stderr. */
int netns_make(unsigned long base, unsigned long count, const char *path);

/* As netns_make, owned by the user namespace userns (a descriptor of one already made: berth-overlay's own). */
int netns_make_in(int userns, const char *path);

#endif
