package io.berth.agent.runtime;

import io.berth.events.spec.SeccompProfile;
import io.berth.events.spec.Security;

import java.util.List;
import java.util.OptionalLong;

/**
 * What a process in a container may do, decided here and only here for a container's first process and for
 * every exec alike (both helpers apply it in the shared init.c): the capabilities it keeps (empty: all, for
 * privileged), {@code no_new_privs}, the seccomp filter ({@link SeccompFilter#lines}; empty: none), and for the
 * container's mounts the {@code /proc} paths masked and made read-only (Docker's defaults; none when privileged)
 * and whether the root is read-only.
 */
public record Confinement(OptionalLong capabilities, boolean noNewPrivs, List<String> masked, List<String> readOnly,
                   boolean readOnlyRoot, List<String> seccomp) {

    /** Docker's masked paths: files get /dev/null over them, directories an empty read-only tmpfs. */
    static final List<String> MASKED = List.of("/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore",
            "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

    /** Docker's read-only paths: reachable for reading, never for writing (sysctls, sysrq, irq affinity). */
    static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    /** No confinement at all: what a spec without a {@code Security} used to get. */
    static final Confinement NONE = new Confinement(OptionalLong.empty(), false, List.of(), List.of(), false);

    public Confinement {
        masked = List.copyOf(masked);
        readOnly = List.copyOf(readOnly);
        seccomp = List.copyOf(seccomp);
        // the helpers load the filter after no_new_privs, which lets a process without CAP_SYS_ADMIN load it
        if (!seccomp.isEmpty() && !noNewPrivs) {
            throw new IllegalArgumentException("a seccomp filter needs no_new_privs");
        }
    }

    /** Without a seccomp filter. */
    public Confinement(OptionalLong capabilities, boolean noNewPrivs, List<String> masked, List<String> readOnly,
                       boolean readOnlyRoot) {
        this(capabilities, noNewPrivs, masked, readOnly, readOnlyRoot, List.of());
    }

    /**
     * An exec's confinement in a container confined by this: the same, or with {@code docker exec --privileged}
     * every capability, as Docker gives it (the container's no_new_privs and seccomp filter stay, as runc keeps
     * them for an exec: the filter is the container's, resolved for the container's capabilities).
     */
    public Confinement forExec(boolean privileged) {
        return privileged
                ? new Confinement(OptionalLong.empty(), noNewPrivs, masked, readOnly, readOnlyRoot, seccomp)
                : this;
    }

    /**
     * Docker's rules: privileged is every capability, no {@code no_new_privs}, nothing masked and no seccomp
     * filter; otherwise the capabilities asked for, {@code no_new_privs}, and the seccomp profile asked for
     * ({@code unconfined}: none; a profile's JSON; by default the built-in one) resolved for those capabilities.
     *
     * @throws IllegalArgumentException for an unknown capability name or a bad seccomp profile
     */
    static Confinement of(Security security) {
        long caps = Capabilities.mask(security);
        if (security.privileged()) {
            return new Confinement(OptionalLong.empty(), false, List.of(), List.of(), security.readOnlyRootfs());
        }
        return new Confinement(OptionalLong.of(caps), true, MASKED, READ_ONLY, security.readOnlyRootfs(),
                seccomp(security, caps));
    }

    private static List<String> seccomp(Security security, long caps) {
        if (Security.UNCONFINED.equals(security.seccomp())) {
            return List.of();
        }
        SeccompProfile profile = security.seccomp() == null ? SeccompRules.builtin()
                : SeccompProfile.parse(security.seccomp());
        return SeccompRules.forThisHost(profile, caps).map(SeccompFilter::lines).orElse(List.of());
    }
}
