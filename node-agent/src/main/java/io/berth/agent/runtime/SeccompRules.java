package io.berth.agent.runtime;

import io.berth.events.spec.SeccompProfile;
import io.berth.events.spec.SeccompProfile.Arg;
import io.berth.events.spec.SeccompProfile.Filter;
import io.berth.events.spec.SeccompProfile.Syscall;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a Docker seccomp profile for one process, as dockerd's {@code setupSeccomp} and runc do: a rule is
 * kept when the native architecture and the process's capabilities (its bounding set) and the kernel satisfy its
 * {@code includes} (all of the listed capabilities held) and not its {@code excludes} (none held); the
 * architectures are the profile's list or the native one's {@code archMap} entry; a rule with two conditions on
 * one argument becomes one rule per condition (libseccomp cannot AND them); a rule whose action is the default's
 * is dropped (libseccomp refuses it, and it changes nothing). Pure: the host's facts are parameters.
 */
public final class SeccompRules {

    /** Go's architecture names (what profiles' {@code arches} use) for Java's {@code os.arch}. */
    private static final Map<String, String> GO_ARCH = Map.of("amd64", "amd64", "x86_64", "amd64",
            "aarch64", "arm64", "arm", "arm", "x86", "x86", "i386", "x86", "ppc64le", "ppc64le", "s390x", "s390x",
            "riscv64", "riscv64");

    /** The libseccomp architecture of each Go architecture. */
    private static final Map<String, String> NATIVE = Map.of("amd64", "SCMP_ARCH_X86_64", "arm64",
            "SCMP_ARCH_AARCH64", "arm", "SCMP_ARCH_ARM", "x86", "SCMP_ARCH_X86", "ppc64le", "SCMP_ARCH_PPC64LE",
            "s390x", "SCMP_ARCH_S390X", "riscv64", "SCMP_ARCH_RISCV64");

    private static final int EPERM = 1;
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static volatile SeccompProfile builtin;

    private SeccompRules() {
    }

    /** Berth's built-in profile (Docker's default), shipped as {@code /seccomp/default.json}. */
    public static SeccompProfile builtin() {
        SeccompProfile p = builtin;
        if (p == null) {
            try (InputStream in = SeccompRules.class.getResourceAsStream("/seccomp/default.json")) {
                if (in == null) {
                    throw new IllegalStateException("/seccomp/default.json is missing from the node agent");
                }
                p = SeccompProfile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builtin = p;
        }
        return p;
    }

    /** Resolves against this JVM's architecture and kernel. */
    public static Optional<SeccompFilter> forThisHost(SeccompProfile profile, long capabilities) {
        return resolve(profile, capabilities, System.getProperty("os.arch"), System.getProperty("os.version"));
    }

    /**
     * The filter {@code profile} gives a process holding {@code capabilities} (bit n: capability n) on
     * {@code javaArch} ({@code os.arch}) under kernel {@code kernel} ({@code os.version}); empty when the profile
     * disables seccomp (no default action and no rules, as dockerd reads it).
     *
     * @throws IllegalArgumentException for an architecture Berth does not know
     */
    public static Optional<SeccompFilter> resolve(SeccompProfile profile, long capabilities, String javaArch,
                                                  String kernel) {
        if (profile.disabled()) {
            return Optional.empty();
        }
        String arch = GO_ARCH.get(javaArch.toLowerCase(Locale.ROOT));
        if (arch == null) {
            throw new IllegalArgumentException("seccomp: unsupported architecture " + javaArch);
        }
        Set<String> held = held(capabilities);
        String defaultAction = action(profile.defaultAction(), profile.defaultErrnoRet());
        List<SeccompFilter.Rule> rules = new ArrayList<>();
        for (Syscall call : profile.syscalls()) {
            if (!applies(call, arch, held, kernel)) {
                continue;
            }
            String action = action(call.action(), call.errnoRet());
            if (action.equals(defaultAction)) {
                continue;
            }
            List<SeccompFilter.Condition> conditions = call.args().stream().map(SeccompRules::condition).toList();
            if (conditions.stream().map(SeccompFilter.Condition::index).distinct().count() < conditions.size()) {
                conditions.forEach(c -> rules.add(new SeccompFilter.Rule(action, call.allNames(), List.of(c))));
            } else {
                rules.add(new SeccompFilter.Rule(action, call.allNames(), conditions));
            }
        }
        return Optional.of(new SeccompFilter(defaultAction, arches(profile, arch), rules));
    }

    private static boolean applies(Syscall call, String arch, Set<String> held, String kernel) {
        Filter in = call.includes();
        Filter out = call.excludes();
        if (out.arches().contains(arch) || out.caps().stream().anyMatch(held::contains)) {
            return false;
        }
        if (out.minKernel() != null && atLeast(kernel, out.minKernel())) {
            return false;
        }
        if (!in.arches().isEmpty() && !in.arches().contains(arch)) {
            return false;
        }
        if (!held.containsAll(in.caps())) {
            return false;
        }
        return in.minKernel() == null || atLeast(kernel, in.minKernel());
    }

    /** The profile's architectures, or the native one with its sub-architectures from the archMap. */
    private static List<String> arches(SeccompProfile profile, String arch) {
        List<String> names = new ArrayList<>(profile.architectures());
        String nativeArch = NATIVE.get(arch);
        profile.archMap().stream().filter(m -> m.architecture().equals(nativeArch)).findFirst().ifPresent(m -> {
            names.add(m.architecture());
            names.addAll(m.subArchitectures());
        });
        return names.stream().map(n -> n.substring("SCMP_ARCH_".length()).toLowerCase(Locale.ROOT)).distinct()
                .toList();
    }

    private static String action(String action, Integer errnoRet) {
        int errno = errnoRet == null ? EPERM : errnoRet;
        return switch (action) {
            case "SCMP_ACT_ALLOW" -> "allow";
            case "SCMP_ACT_ERRNO" -> "errno:" + errno;
            case "SCMP_ACT_TRACE" -> "trace:" + errno;
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> "kill";
            case "SCMP_ACT_KILL_PROCESS" -> "kill_process";
            case "SCMP_ACT_TRAP" -> "trap";
            case "SCMP_ACT_LOG" -> "log";
            default -> throw new IllegalArgumentException("seccomp: unsupported action " + action);
        };
    }

    private static SeccompFilter.Condition condition(Arg arg) {
        String op = arg.op().substring("SCMP_CMP_".length()).toLowerCase(Locale.ROOT);
        return new SeccompFilter.Condition(arg.index(), op, arg.value(), arg.valueTwo());
    }

    private static Set<String> held(long capabilities) {
        Set<String> held = new HashSet<>();
        for (int bit = 0; bit < Capabilities.ALL.size(); bit++) {
            if ((capabilities & (1L << bit)) != 0) {
                held.add(Capabilities.ALL.get(bit));
            }
        }
        return held;
    }

    /** Whether {@code kernel} ("6.18.0-1-amd64") is at least {@code wanted} ("4.8"), as dockerd compares them. */
    static boolean atLeast(String kernel, String wanted) {
        int[] have = version(kernel);
        int[] want = version(wanted);
        for (int i = 0; i < 3; i++) {
            if (have[i] != want[i]) {
                return have[i] > want[i];
            }
        }
        return true;
    }

    private static int[] version(String text) {
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("seccomp: cannot read kernel version " + text);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
    }
}
