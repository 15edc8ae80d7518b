package io.berth.agent.runtime;

/** The numeric uid and gid a command runs as; -1 for both means root, the monitor changes nothing. */
record UserIds(long uid, long gid) {
    static final UserIds ROOT = new UserIds(-1, -1);

    /**
     * Docker's {@code --user uid[:gid]}. Names would need the image's /etc/passwd; only numbers are taken,
     * so a name fails loudly instead of running as root.
     */
    static UserIds parse(String user) {
        if (user == null || user.isBlank()) {
            return ROOT;
        }
        String[] parts = user.split(":", 2);
        try {
            long uid = Long.parseLong(parts[0]);
            long gid = parts.length == 2 ? Long.parseLong(parts[1]) : uid;
            if (uid < 0 || gid < 0) {
                throw new NumberFormatException();
            }
            return new UserIds(uid, gid);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unable to find user " + user + ": only numeric uid[:gid] is supported");
        }
    }
}
