package io.berth.gateway.build;

import java.util.List;
import java.util.Map;

/**
 * One Dockerfile instruction as parsed, before any variable is substituted.
 *
 * @param line     the line it starts on (1-based), for error messages
 * @param keyword  the instruction in lower case ({@code run}, {@code copy}, …)
 * @param original the instruction as written, continuations joined: what {@code Step N/M :} prints
 * @param args     the text after the keyword and its flags
 * @param flags    {@code --name=value} flags before the arguments (COPY/ADD/FROM/HEALTHCHECK)
 * @param json     the exec-form array when the arguments are one ({@code ["a","b"]}), else null
 */
public record Instruction(int line, String keyword, String original, String args, Map<String, String> flags,
                          List<String> json) {
    public Instruction {
        flags = Map.copyOf(flags);
        json = json == null ? null : List.copyOf(json);
    }

    public String flag(String name) {
        return flags.get(name);
    }
}
