package io.berth.agent.runtime;

import io.berth.events.spec.Security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Linux capabilities by name, and Docker's rule for which a container keeps: its default 14, all of them
 * when privileged, otherwise the default with {@code --cap-drop} removed and {@code --cap-add} added
 * ({@code ALL} in cap-add: everything but the drops; {@code ALL} in cap-drop: only the adds).
 */
public final class Capabilities {
    /** Every capability, at its number: {@code CAP_CHOWN} is bit 0, {@code CAP_CHECKPOINT_RESTORE} bit 40. */
    static final List<String> ALL = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    /** Docker's default set (moby's oci/caps DefaultCapabilities). */
    public static final List<String> DEFAULT = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");

    private static final String EVERY = "ALL";

    private Capabilities() {
    }

    /**
     * The capabilities a container with these settings keeps, as a mask (bit n = capability n).
     *
     * @throws IllegalArgumentException naming the first unknown capability, in Docker's words
     */
    public static long mask(Security security) {
        List<String> add = normalize(security.capAdd(), "CapAdd");
        List<String> drop = normalize(security.capDrop(), "CapDrop");
        if (security.privileged()) {
            return maskOf(ALL);
        }
        Set<String> kept = new LinkedHashSet<>();
        if (add.contains(EVERY)) {
            ALL.stream().filter(c -> !drop.contains(c)).forEach(kept::add);
        } else if (drop.contains(EVERY)) {
            kept.addAll(add);
        } else {
            DEFAULT.stream().filter(c -> !drop.contains(c)).forEach(kept::add);
            kept.addAll(add);
        }
        return maskOf(kept);
    }

    /** Docker's spelling rules: any case, with or without {@code CAP_}; {@code ALL} stays as it is. */
    private static List<String> normalize(List<String> names, String field) {
        return names.stream().map(name -> {
            String upper = name.strip().toUpperCase(Locale.ROOT);
            if (upper.equals(EVERY)) {
                return EVERY;
            }
            String full = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
            if (!ALL.contains(full)) {
                throw new IllegalArgumentException("invalid " + field + ": unknown capability: \"" + full + "\"");
            }
            return full;
        }).toList();
    }

    private static long maskOf(Iterable<String> names) {
        long mask = 0;
        for (String name : names) {
            mask |= 1L << ALL.indexOf(name);
        }
        return mask;
    }
}
