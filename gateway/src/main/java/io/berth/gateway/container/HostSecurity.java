package io.berth.gateway.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.spec.SeccompProfile;
import io.berth.events.spec.Security;
import io.berth.gateway.http.ApiError;

import java.util.ArrayList;
import java.util.List;

/**
 * The confinement fields of a create's {@code HostConfig}: Privileged, CapAdd, CapDrop, ReadonlyRootfs and
 * SecurityOpt, of which Berth honours {@code seccomp=unconfined|<profile JSON>} (the CLI sends a file's content)
 * and {@code no-new-privileges} (what an unprivileged container gets anyway); any other option is a 400; and
 * UsernsMode: empty or {@code host}.
 */
public final class HostSecurity {

    public static Security parse(JsonNode host) {
        boolean privileged = bool(host, "Privileged");
        return new Security(privileged, strings(host, "CapAdd"), strings(host, "CapDrop"),
                bool(host, "ReadonlyRootfs"), seccomp(strings(host, "SecurityOpt"), privileged),
                userns(host.path("UsernsMode").asText("")));
    }

    /** {@code --userns}: empty (the node's default: a namespace of its own) or {@code host}; anything else a 400. */
    private static String userns(String mode) {
        if (mode.isEmpty() || mode.equals(Security.USERNS_HOST)) {
            return mode.isEmpty() ? null : mode;
        }
        throw ApiError.badRequest("invalid --userns: \"" + shorten(mode) + "\" is not supported by Berth (it honours "
                + "host; by default each container has a user namespace of its own)");
    }

    /** The seccomp option among {@code opts} (null: the built-in profile), each option checked. */
    private static String seccomp(List<String> opts, boolean privileged) {
        String seccomp = null;
        for (String opt : opts) {
            int sep = opt.indexOf('=');
            if (sep < 0) {
                sep = opt.indexOf(':'); // dockerd still reads the old "key:value" form
            }
            String key = sep < 0 ? opt : opt.substring(0, sep);
            String value = sep < 0 ? "" : opt.substring(sep + 1);
            switch (key) {
                case "seccomp" -> seccomp = checkedProfile(value);
                case "no-new-privileges" -> {
                    if (privileged || !(value.isEmpty() || value.equals("true"))) {
                        throw ApiError.badRequest("invalid --security-opt: \"" + opt + "\" is not supported by Berth"
                                + " (every unprivileged container has no-new-privileges, a privileged one not)");
                    }
                }
                default -> throw ApiError.badRequest("invalid --security-opt: \"" + shorten(opt)
                        + "\" is not supported by Berth (it honours seccomp= and no-new-privileges)");
            }
        }
        return seccomp;
    }

    private static String checkedProfile(String value) {
        if (value.isEmpty()) {
            throw ApiError.badRequest("invalid --security-opt: seccomp needs a value: unconfined or a profile");
        }
        if (value.equals(Security.UNCONFINED)) {
            return value;
        }
        if (value.equals("builtin")) {
            return null; // the CLI's name for the daemon's default profile
        }
        try {
            SeccompProfile.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("invalid --security-opt seccomp: " + e.getMessage());
        }
        return value;
    }

    private static String shorten(String opt) {
        return opt.length() > 80 ? opt.substring(0, 80) + "..." : opt;
    }

    /** {@code HostConfig.Init} ({@code --init}); null (the daemon's default) is no init. */
    public static boolean init(JsonNode host) {
        return bool(host, "Init");
    }

    private static boolean bool(JsonNode host, String name) {
        JsonNode node = host.get(name);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw ApiError.badRequest("invalid JSON: json: cannot unmarshal " + node.getNodeType().name().toLowerCase()
                    + " into Go struct field HostConfig." + name + " of type bool");
        }
        return node.asBoolean();
    }

    private static List<String> strings(JsonNode host, String name) {
        JsonNode node = host.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isTextual()) {
                    out.add(item.asText());
                    continue;
                }
                throw wrongType(name, item);
            }
            return out;
        }
        throw wrongType(name, node);
    }

    private static ApiError wrongType(String name, JsonNode node) {
        return ApiError.badRequest("invalid JSON: json: cannot unmarshal " + node.getNodeType().name().toLowerCase()
                + " into Go struct field HostConfig." + name + " of type string");
    }

    private HostSecurity() {
    }
}
