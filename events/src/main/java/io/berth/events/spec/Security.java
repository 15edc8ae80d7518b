package io.berth.events.spec;

import java.util.List;

/**
 * How far a container is confined beyond its namespaces. The default is Docker's: its 14 default
 * capabilities, {@code no_new_privs}, Docker's default seccomp profile, masked and read-only {@code /proc} paths,
 * a writable root.
 *
 * @param privileged     all capabilities, all devices, nothing masked, no seccomp filter ({@code --privileged})
 * @param capAdd         capabilities added to the default set ({@code --cap-add}, e.g. {@code NET_ADMIN} or {@code ALL})
 * @param capDrop        capabilities removed from it ({@code --cap-drop})
 * @param readOnlyRootfs the root filesystem is mounted read-only ({@code --read-only})
 * @param seccomp        {@code --security-opt seccomp=}: null for the built-in profile, {@link #UNCONFINED}, or
 *                       the JSON of a profile in Docker's format (what the CLI sends for a file)
 * @param userns         {@code --userns}: null for the node's default (a user namespace of its own, unless the
 *                       platform runs without), or {@link #USERNS_HOST}
 */
public record Security(boolean privileged, List<String> capAdd, List<String> capDrop, boolean readOnlyRootfs,
                       String seccomp, String userns) {
    public static final Security DEFAULT = new Security(false, List.of(), List.of(), false, null, null);

    /** {@code --userns=host}: the host's user namespace. */
    public static final String USERNS_HOST = "host";

    /** {@code --security-opt seccomp=unconfined}: no filter. */
    public static final String UNCONFINED = "unconfined";

    public Security {
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
        seccomp = seccomp == null || seccomp.isEmpty() ? null : seccomp;
        userns = userns == null || userns.isEmpty() ? null : userns;
    }

    /** In the node's default user namespace mode. */
    public Security(boolean privileged, List<String> capAdd, List<String> capDrop, boolean readOnlyRootfs,
                    String seccomp) {
        this(privileged, capAdd, capDrop, readOnlyRootfs, seccomp, null);
    }

    /** With the built-in seccomp profile. */
    public Security(boolean privileged, List<String> capAdd, List<String> capDrop, boolean readOnlyRootfs) {
        this(privileged, capAdd, capDrop, readOnlyRootfs, null, null);
    }
}
