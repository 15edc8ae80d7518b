package io.berth.events.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;

/**
 * A seccomp profile in Docker's format (moby's {@code profiles/seccomp/default.json}): a default action, the
 * architectures (a list, or a map from the native one to its sub-architectures) and rules whose {@code includes}
 * and {@code excludes} name capabilities, architectures and a minimum kernel. Parsed and checked here, where both
 * the gateway (a bad profile is a 400 at create) and the node agent (which resolves it, {@code SeccompRules}) read
 * it. Unknown fields are ignored, as dockerd's decoder does.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SeccompProfile(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
                             List<ArchMap> archMap, List<Syscall> syscalls, List<String> flags, String listenerPath) {

    /** Actions libseccomp takes; {@code SCMP_ACT_NOTIFY} needs a listener Berth does not run. */
    public static final Set<String> ACTIONS = Set.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD",
            "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW",
            "SCMP_ACT_LOG");

    /** Comparison operators of an argument condition. */
    public static final Set<String> OPS = Set.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
            "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");

    /** libseccomp's architectures, as profiles name them (without the {@code SCMP_ARCH_} prefix). */
    public static final Set<String> ARCHES = Set.of("X86", "X86_64", "X32", "ARM", "AARCH64", "MIPS", "MIPS64",
            "MIPS64N32", "MIPSEL", "MIPSEL64", "MIPSEL64N32", "PPC", "PPC64", "PPC64LE", "S390", "S390X", "PARISC",
            "PARISC64", "RISCV64");

    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public SeccompProfile {
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        archMap = archMap == null ? List.of() : List.copyOf(archMap);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    /** One entry of {@code archMap}: a native architecture and those its processes may also call in. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ArchMap(String architecture, List<String> subArchitectures) {
        public ArchMap {
            subArchitectures = subArchitectures == null ? List.of() : List.copyOf(subArchitectures);
        }
    }

    /** One rule: syscalls ({@code name} or {@code names}), its action, argument conditions, and when it applies. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Syscall(String name, List<String> names, String action, Integer errnoRet, List<Arg> args,
                          Filter includes, Filter excludes) {
        public Syscall {
            names = names == null ? List.of() : List.copyOf(names);
            args = args == null ? List.of() : List.copyOf(args);
            includes = includes == null ? Filter.NONE : includes;
            excludes = excludes == null ? Filter.NONE : excludes;
        }

        /** {@code name} or {@code names}, whichever is given. */
        public List<String> allNames() {
            return name != null && !name.isEmpty() ? List.of(name) : names;
        }
    }

    /** A condition on argument {@code index}: {@code op(arg, value)}, or {@code (arg & value) == valueTwo}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Arg(int index, BigInteger value, BigInteger valueTwo, String op) {
        public Arg {
            value = value == null ? BigInteger.ZERO : value;
            valueTwo = valueTwo == null ? BigInteger.ZERO : valueTwo;
        }
    }

    /** Capabilities (all needed, or any excludes), architectures (Go's names: amd64, x86...), minimum kernel. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Filter(List<String> caps, List<String> arches, String minKernel) {
        static final Filter NONE = new Filter(null, null, null);

        public Filter {
            caps = caps == null ? List.of() : List.copyOf(caps);
            arches = arches == null ? List.of() : List.copyOf(arches);
            minKernel = minKernel == null || minKernel.isEmpty() ? null : minKernel;
        }
    }

    /**
     * The profile in {@code json}, checked as far as it can be without the host.
     *
     * @throws IllegalArgumentException in dockerd's words ("Decoding seccomp profile failed: ...") or naming the
     *                                  part that Berth cannot apply
     */
    public static SeccompProfile parse(String json) {
        SeccompProfile profile;
        try {
            profile = JSON.readValue(json, SeccompProfile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Decoding seccomp profile failed: " + e.getOriginalMessage());
        }
        if (profile == null) {
            throw new IllegalArgumentException("Decoding seccomp profile failed: the profile is null");
        }
        profile.check();
        return profile;
    }

    /** No default action and no rules: dockerd's spelling of "no filter". */
    public boolean disabled() {
        return (defaultAction == null || defaultAction.isEmpty()) && syscalls.isEmpty();
    }

    private void check() {
        if (disabled()) {
            return;
        }
        action(defaultAction, "defaultAction");
        if (!architectures.isEmpty() && !archMap.isEmpty()) {
            throw bad("'architectures' and 'archMap' were specified in the seccomp profile, use either "
                    + "'architectures' or 'archMap'");
        }
        if (!flags.isEmpty()) {
            throw bad("flags " + flags + " are not supported by Berth");
        }
        if (listenerPath != null && !listenerPath.isEmpty()) {
            throw bad("listenerPath is not supported by Berth (no SCMP_ACT_NOTIFY agent)");
        }
        architectures.forEach(a -> arch(a, "architectures"));
        for (ArchMap m : archMap) {
            arch(m.architecture(), "archMap");
            m.subArchitectures().forEach(a -> arch(a, "archMap"));
        }
        for (int i = 0; i < syscalls.size(); i++) {
            Syscall call = syscalls.get(i);
            String where = "syscalls[" + i + "]";
            if (call.name() != null && !call.name().isEmpty() && !call.names().isEmpty()) {
                throw bad("'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'");
            }
            if (call.allNames().isEmpty()) {
                throw bad(where + " names no syscall");
            }
            action(call.action(), where + ".action");
            for (Arg arg : call.args()) {
                if (arg.index() < 0 || arg.index() > 5) {
                    throw bad(where + ": argument index " + arg.index() + " is not 0-5");
                }
                if (arg.op() == null || !OPS.contains(arg.op())) {
                    throw bad(where + ": unknown operator " + arg.op());
                }
                u64(arg.value(), where);
                u64(arg.valueTwo(), where);
            }
            kernel(call.includes().minKernel(), where);
            kernel(call.excludes().minKernel(), where);
        }
    }

    private static void action(String action, String where) {
        if (action == null || !ACTIONS.contains(action)) {
            throw bad(where + ": unknown or unsupported action \"" + action + "\"");
        }
    }

    private static void arch(String arch, String where) {
        if (arch == null || !arch.startsWith("SCMP_ARCH_") || !ARCHES.contains(arch.substring(10))) {
            throw bad(where + ": unknown architecture \"" + arch + "\"");
        }
    }

    private static void u64(BigInteger value, String where) {
        if (value.signum() < 0 || value.compareTo(MAX_U64) > 0) {
            throw bad(where + ": argument value " + value + " is not a 64-bit unsigned number");
        }
    }

    private static void kernel(String version, String where) {
        if (version != null && !version.matches("\\d+\\.\\d+(\\.\\d+)?")) {
            throw bad(where + ": minKernel \"" + version + "\" is not a kernel version");
        }
    }

    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("invalid seccomp profile: " + why);
    }
}
