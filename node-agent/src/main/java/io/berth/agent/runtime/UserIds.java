package io.berth.agent.runtime;

/** The numeric uid and gid a command runs as; -1 for both means root, the monitor changes nothing. */
record UserIds(long uid, long gid) {
    static final UserIds ROOT = new UserIds(-1, -1);

    /**
     * Docker's {@code --user name|uid[:group|gid]} against the container's own {@code /etc/passwd} and
     * {@code /etc/group} (null when the image has none), as runc resolves it: a name must be in the file; a
     * number need not be, and then runs with gid 0; a user found gives its primary group unless one is named.
     */
    static UserIds resolve(String user, String passwd, String group) {
        if (user == null || user.isBlank()) {
            return ROOT;
        }
        String[] parts = user.split(":", 2);
        String name = parts[0];
        Long number = number(name);
        long uid;
        long gid = 0;
        String[] entry = find(passwd, name, number);
        if (entry != null) {
            uid = Long.parseLong(entry[2]);
            gid = Long.parseLong(entry[3]);
        } else if (number != null) {
            uid = number;
        } else {
            throw new IllegalArgumentException("unable to find user " + name + ": no matching entries in passwd file");
        }
        if (parts.length == 2 && !parts[1].isEmpty()) {
            Long groupNumber = number(parts[1]);
            String[] g = find(group, parts[1], groupNumber);
            if (g != null) {
                gid = Long.parseLong(g[2]);
            } else if (groupNumber != null) {
                gid = groupNumber;
            } else {
                throw new IllegalArgumentException("unable to find group " + parts[1]
                        + ": no matching entries in group file");
            }
        }
        return new UserIds(uid, gid);
    }

    private static Long number(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 10) {
            return null;
        }
        long n = Long.parseLong(s);
        return n > 0xFFFFFFFEL ? null : n;
    }

    /** The first well-formed line whose name, or id when a number was given, matches; null if none. */
    private static String[] find(String file, String name, Long number) {
        if (file == null) {
            return null;
        }
        for (String line : file.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(":", -1);
            if (fields.length < 3 || number(fields[2]) == null) {
                continue;
            }
            boolean passwdLine = fields.length >= 7;
            if (passwdLine && number(fields[3]) == null) {
                continue;
            }
            if (fields[0].equals(name) || (number != null && number(fields[2]).longValue() == number)) {
                return fields;
            }
        }
        return null;
    }
}
