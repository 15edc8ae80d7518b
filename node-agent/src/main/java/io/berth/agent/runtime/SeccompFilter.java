package io.berth.agent.runtime;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A seccomp filter as the helpers compile it (syscall_filter.h): the action for syscalls no rule names, the
 * architectures covered (libseccomp's names), and the rules that apply to this process, every condition of the
 * profile (capabilities, architecture, kernel) already decided by {@link SeccompRules}.
 *
 * @param defaultAction an action word: {@code allow}, {@code errno:<n>}, {@code kill}, {@code kill_process},
 *                      {@code trap}, {@code log}, {@code trace:<n>}
 */
public record SeccompFilter(String defaultAction, List<String> arches, List<Rule> rules) {

    public SeccompFilter {
        arches = List.copyOf(arches);
        rules = List.copyOf(rules);
    }

    /** Syscalls by name with one action, taken when every condition holds. */
    public record Rule(String action, List<String> names, List<Condition> conditions) {
        public Rule {
            names = List.copyOf(names);
            conditions = List.copyOf(conditions);
        }
    }

    /** {@code op(arg[index], value)}; for {@code masked_eq}: {@code (arg & value) == valueTwo}. */
    public record Condition(int index, String op, BigInteger value, BigInteger valueTwo) {
    }

    /** The values of the helpers' {@code seccomp} keys: default first, then architectures, then rules. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("default " + defaultAction);
        arches.forEach(a -> out.add("arch " + a));
        for (Rule rule : rules) {
            StringBuilder line = new StringBuilder("rule ").append(rule.action()).append(' ')
                    .append(String.join(",", rule.names()));
            for (Condition c : rule.conditions()) {
                line.append(' ').append(c.index()).append(':').append(c.op()).append(':').append(c.value())
                        .append(':').append(c.valueTwo());
            }
            out.add(line.toString());
        }
        return out;
    }
}
