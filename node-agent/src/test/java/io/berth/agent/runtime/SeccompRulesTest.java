package io.berth.agent.runtime;

import io.berth.events.spec.SeccompProfile;
import io.berth.events.spec.Security;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeccompRulesTest {
    private static final long DEFAULT_CAPS = Capabilities.mask(Security.DEFAULT);
    private static final long SYS_ADMIN = 1L << Capabilities.ALL.indexOf("CAP_SYS_ADMIN");

    private static SeccompFilter builtin(long caps, String arch) {
        return SeccompRules.resolve(SeccompRules.builtin(), caps, arch, "6.18.0-1-amd64").orElseThrow();
    }

    private static List<SeccompFilter.Rule> rulesFor(SeccompFilter filter, String name) {
        return filter.rules().stream().filter(r -> r.names().contains(name)).toList();
    }

    private static SeccompFilter.Condition cond(int index, String op, long value) {
        return new SeccompFilter.Condition(index, op, BigInteger.valueOf(value), BigInteger.ZERO);
    }

    @Test
    void builtinDeniesWithEpermAndCoversX86SubArchitectures() {
        SeccompFilter f = builtin(DEFAULT_CAPS, "amd64");
        assertEquals("errno:1", f.defaultAction());
        assertEquals(List.of("x86_64", "x86", "x32"), f.arches());
        assertEquals("default errno:1", f.lines().get(0));
        assertEquals(List.of("arch x86_64", "arch x86", "arch x32"), f.lines().subList(1, 4));
    }

    @Test
    void withoutSysAdminCloneIsFilteredClone3IsEnosysAndMountIsAbsent() {
        SeccompFilter f = builtin(DEFAULT_CAPS, "amd64");
        assertEquals(List.of(new SeccompFilter.Rule("allow", List.of("clone"), List.of(cond(0, "masked_eq",
                2114060288L)))), rulesFor(f, "clone"));
        assertEquals(List.of(new SeccompFilter.Rule("errno:38", List.of("clone3"), List.of())), rulesFor(f, "clone3"));
        assertTrue(rulesFor(f, "mount").isEmpty());
        assertTrue(rulesFor(f, "unshare").isEmpty());
        assertTrue(rulesFor(f, "reboot").isEmpty());
        assertTrue(rulesFor(f, "open_by_handle_at").isEmpty(), "needs CAP_DAC_READ_SEARCH");
        assertTrue(rulesFor(f, "chroot").stream().anyMatch(r -> r.action().equals("allow")), "CAP_SYS_CHROOT held");
    }

    @Test
    void sysAdminAllowsCloneAndTheMountFamilyUnconditionally() {
        SeccompFilter f = builtin(DEFAULT_CAPS | SYS_ADMIN, "amd64");
        assertEquals(List.of(List.of()), rulesFor(f, "clone").stream().map(SeccompFilter.Rule::conditions).toList());
        assertTrue(rulesFor(f, "clone3").stream().allMatch(r -> r.action().equals("allow")));
        assertEquals(1, rulesFor(f, "mount").size());
        assertEquals(1, rulesFor(f, "unshare").size());
    }

    @Test
    void socketRefusesVsockAndPersonalityOnlyItsFiveValues() {
        SeccompFilter f = builtin(DEFAULT_CAPS, "amd64");
        assertEquals(List.of(new SeccompFilter.Rule("allow", List.of("socket"), List.of(cond(0, "ne", 40)))),
                rulesFor(f, "socket"));
        assertEquals(List.of(0L, 8L, 131072L, 131080L, 4294967295L), rulesFor(f, "personality").stream()
                .map(r -> r.conditions().get(0).value().longValue()).toList());
        assertTrue(f.lines().contains("rule allow socket 0:ne:40:0"));
    }

    @Test
    void architectureDecidesArchOnlyRules() {
        SeccompFilter amd64 = builtin(DEFAULT_CAPS, "amd64");
        SeccompFilter arm64 = builtin(DEFAULT_CAPS, "aarch64");
        assertEquals(1, rulesFor(amd64, "arch_prctl").size());
        assertTrue(rulesFor(arm64, "arch_prctl").isEmpty());
        assertTrue(rulesFor(amd64, "set_tls").isEmpty());
        assertEquals(1, rulesFor(arm64, "set_tls").size());
        assertEquals(List.of("aarch64", "arm"), arm64.arches());
        assertThrows(IllegalArgumentException.class, () -> builtin(DEFAULT_CAPS, "sparc"));
    }

    @Test
    void minKernelIsComparedAsDockerDoes() {
        SeccompFilter old = SeccompRules.resolve(SeccompRules.builtin(), DEFAULT_CAPS, "amd64", "4.4.0").orElseThrow();
        SeccompFilter recent = builtin(DEFAULT_CAPS, "amd64");
        assertTrue(rulesFor(old, "ptrace").isEmpty(), "ptrace only from 4.8 without CAP_SYS_PTRACE");
        assertEquals(1, rulesFor(recent, "ptrace").size());
        assertTrue(SeccompRules.atLeast("4.10.1", "4.8"));
        assertFalse(SeccompRules.atLeast("4.7.99", "4.8"));
        assertTrue(SeccompRules.atLeast("6.18", "6.18.0"));
    }

    @Test
    void aCustomProfileResolvesItsOwnRules() {
        SeccompProfile p = SeccompProfile.parse("""
                {"defaultAction":"SCMP_ACT_ALLOW","architectures":["SCMP_ARCH_X86_64"],
                 "syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":13},
                             {"name":"getpid","action":"SCMP_ACT_ALLOW"},
                             {"names":["kill"],"action":"SCMP_ACT_ERRNO",
                              "args":[{"index":1,"value":9,"op":"SCMP_CMP_EQ"},{"index":1,"value":15,"op":"SCMP_CMP_EQ"}]}]}
                """);
        SeccompFilter f = SeccompRules.resolve(p, DEFAULT_CAPS, "amd64", "6.1").orElseThrow();
        assertEquals(List.of("default allow", "arch x86_64", "rule errno:13 mkdir,mkdirat",
                "rule errno:1 kill 1:eq:9:0", "rule errno:1 kill 1:eq:15:0"), f.lines(),
                "the allow rule equals the default and is dropped; two conditions on one argument become two rules");
    }

    @Test
    void anEmptyProfileMeansNoFilter() {
        assertEquals(Optional.empty(), SeccompRules.resolve(SeccompProfile.parse("{}"), 0, "amd64", "6.1"));
    }

    @Test
    void badProfilesAreRefusedWithTheirReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SeccompProfile.parse("{not json"))
                .getMessage().startsWith("Decoding seccomp profile failed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SeccompProfile.parse(
                "{\"defaultAction\":\"SCMP_ACT_BOGUS\"}")).getMessage().contains("SCMP_ACT_BOGUS"));
        assertThrows(IllegalArgumentException.class, () -> SeccompProfile.parse(
                "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\","
                        + "\"args\":[{\"index\":7,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}"));
        assertThrows(IllegalArgumentException.class, () -> SeccompProfile.parse(
                "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                        + "\"archMap\":[{\"architecture\":\"SCMP_ARCH_X86_64\"}]}"));
        assertThrows(IllegalArgumentException.class, () -> SeccompProfile.parse(
                "{\"defaultAction\":\"SCMP_ACT_NOTIFY\"}"));
    }

    @Test
    void confinementCarriesTheFilterUnlessUnconfinedOrPrivileged() {
        Confinement confined = Confinement.of(Security.DEFAULT);
        assertTrue(confined.noNewPrivs());
        assertEquals("default errno:1", confined.seccomp().get(0));
        assertEquals(confined.seccomp(), confined.forExec(true).seccomp(), "a privileged exec keeps the filter");
        assertTrue(Confinement.of(new Security(false, List.of(), List.of(), false, "unconfined")).seccomp().isEmpty());
        assertTrue(Confinement.of(new Security(true, List.of(), List.of(), false, null)).seccomp().isEmpty());
        assertTrue(Confinement.of(new Security(false, List.of("SYS_ADMIN"), List.of(), false, null)).seccomp()
                .stream().anyMatch(l -> l.startsWith("rule allow ") && List.of(l.split(" ")[2].split(","))
                        .contains("mount")), "the filter follows --cap-add");
        assertTrue(confined.seccomp().stream().noneMatch(l -> l.contains(",mount,")));
    }
}
