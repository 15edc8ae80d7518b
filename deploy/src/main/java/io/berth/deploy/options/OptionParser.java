package io.berth.deploy.options;

import io.berth.scheduler.placement.BadPlacementRule;
import io.berth.scheduler.placement.Strategy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Turns command-line flags and BERTH_* variables into {@link LaunchOptions}; flags win over variables. */
public final class OptionParser {
    private final Map<String, String> env;
    private final Supplier<String> hostName;

    /**
     * @param env      the process environment (only BERTH_* entries are read)
     * @param hostName the default node id, asked only when none is given
     */
    public OptionParser(Map<String, String> env, Supplier<String> hostName) {
        this.env = env;
        this.hostName = hostName;
    }

    /** True when {@code --help} or {@code -h} is among the arguments. */
    public static boolean wantsHelp(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
    }

    public LaunchOptions parse(String[] args) {
        Map<String, String> given = flags(args);
        String socket = value(given, "socket");
        String tcp = value(given, "tcp");
        String nodeId = value(given, "node-id");
        String members = value(given, "hazelcast-members");
        Role role = Role.parse(value(given, "role"));
        String registryUrl = value(given, "registry-url").trim();
        if (role.joinsCluster()) {
            requireToJoin(role, given, "kafka-bootstrap");
            requireToJoin(role, given, "hazelcast-members");
            requireToJoin(role, given, "registry-url");
            if (!registryUrl.matches("https?://[^/\\s]+/?")) {
                throw new BadOptionException("--registry-url: expected http://HOST:PORT, got '" + registryUrl + "'");
            }
        } else if (!registryUrl.isEmpty() && !role.runsControlPlane()) {
            throw new BadOptionException("--registry-url is for --role agent, gateway, or a control plane using an "
                    + "image store of its own process; role " + role + " has no use for it");
        } else if (!registryUrl.isEmpty() && !registryUrl.matches("https?://[^/\\s]+/?")) {
            throw new BadOptionException("--registry-url: expected http://HOST:PORT, got '" + registryUrl + "'");
        }
        if (role == Role.BROKER && !value(given, "kafka-bootstrap").isBlank()) {
            throw new BadOptionException("--role broker runs an embedded broker; --kafka-bootstrap names an external "
                    + "one instead");
        }
        if (role == Role.MEMBER && !members.isBlank()) {
            throw new BadOptionException("--role member runs an embedded member; --hazelcast-members makes this "
                    + "process a client instead (use --hazelcast-join for the other members)");
        }
        if (role.runsGateway() && socket.isEmpty() && tcp.isEmpty()) {
            throw new BadOptionException("--socket \"\" needs --tcp HOST:PORT: the API must listen somewhere");
        }
        int controllerPort = Ports.parse("--kafka-controller-port", value(given, "kafka-controller-port"), 1);
        if (!list(value(given, "hazelcast-join")).isEmpty() && !members.isBlank()) {
            throw new BadOptionException("--hazelcast-join is for an embedded member; --hazelcast-members makes "
                    + "this process a client of an external cluster instead");
        }
        HostPort tcpAddress = tcp.isEmpty() ? null : HostPort.parse("--tcp", tcp);
        String group = value(given, "group").trim();
        if (!group.isEmpty() && socket.isEmpty()) {
            throw new BadOptionException("--group is the API socket's group, but --socket is \"\"");
        }
        if (!group.isEmpty()) {
            requireGroup(group);
        }
        return new LaunchOptions(
                Path.of(nonEmpty(given, "data-root")).toAbsolutePath(),
                socket.isEmpty() ? null : Path.of(socket).toAbsolutePath(),
                tcpAddress,
                nodeId.isEmpty() ? hostName.get() : checkedNodeId(nodeId),
                Optional.of(value(given, "kafka-bootstrap")).filter(s -> !s.isEmpty()).orElse(null),
                list(members),
                nonEmpty(given, "cluster-name"),
                Ports.parse("--kafka-port", value(given, "kafka-port"), 1),
                controllerPort,
                Ports.parse("--hazelcast-port", value(given, "hazelcast-port"), 1),
                Ports.parse("--registry-port", value(given, "registry-port"), 0),
                Ports.parse("--agent-port", value(given, "agent-port"), 0),
                Path.of(nonEmpty(given, "busybox")), role,
                registryUrl.isEmpty() ? null : registryUrl.replaceAll("/$", ""),
                NodeLabels.parse(value(given, "node-label")), strategy(value(given, "strategy")),
                nonEmpty(given, "advertise-address").trim(), graceMillis(value(given, "node-grace")),
                cgroupParent(nonEmpty(given, "cgroup-parent").trim()),
                quorum(given, role, controllerPort), list(value(given, "hazelcast-join")),
                TlsOptions.of(tcpAddress, switchOn(given, "tlsverify"), switchOn(given, "insecure-tcp"),
                        value(given, "tlscacert"), value(given, "tlscert"), value(given, "tlskey")),
                switchOn(given, "insecure-tcp"), group.isEmpty() ? null : group, !switchOn(given, "no-userns"),
                commandPartitions(value(given, "command-partitions")));
    }

    private static int commandPartitions(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new BadOptionException("--command-partitions: expected a whole number from 1 to 1000, got '" + text + "'");
    }

    private static void requireGroup(String group) {
        try {
            java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        } catch (java.io.IOException e) {
            throw new BadOptionException("--group " + group + ": no such group on this host");
        }
    }

    private boolean switchOn(Map<String, String> given, String name) {
        String v = value(given, name).trim();
        return switch (v) {
            case "true", "1" -> true;
            case "false", "0", "" -> false;
            default -> throw new BadOptionException("--" + name + ": expected true or false, got '" + v + "'");
        };
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    // Several control hosts' brokers as one KRaft cluster; this host's controller must listen where the voters say.
    private KafkaQuorum quorum(Map<String, String> given, Role role, int controllerPort) {
        KafkaQuorum quorum = KafkaQuorum.parse(value(given, "kafka-node-id"), value(given, "kafka-voters"));
        if (quorum.voters().isEmpty()) {
            return quorum;
        }
        if (!role.runsBroker() || !value(given, "kafka-bootstrap").isBlank()) {
            throw new BadOptionException("--kafka-voters is for an embedded broker (--role all, control, core or "
                    + "broker without --kafka-bootstrap)");
        }
        if (quorum.self().port() != controllerPort) {
            throw new BadOptionException("--kafka-voters names this broker (" + quorum.self() + ") on port "
                    + quorum.self().port() + " but --kafka-controller-port is " + controllerPort);
        }
        return quorum;
    }

    // one directory name in every cgroup hierarchy: nothing that could climb out of it
    private static String cgroupParent(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new BadOptionException("--cgroup-parent: '" + name + "' must be 1-63 of [A-Za-z0-9_.-], "
                    + "starting with a letter or digit");
        }
        return name;
    }

    // Go-style like Docker's own durations: 10s, 500ms, 1m; a bare number is seconds.
    private static long graceMillis(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)?").matcher(text.trim());
        if (!m.matches()) {
            throw new BadOptionException("--node-grace: expected a duration such as 10s or 500ms, got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        long millis = "ms".equals(m.group(2)) ? n : "m".equals(m.group(2)) ? n * 60_000 : n * 1000;
        if (millis < 1000) {
            throw new BadOptionException("--node-grace: at least 1s (heartbeats come once a second), got '" + text
                    + "'");
        }
        return millis;
    }

    private static Strategy strategy(String value) {
        try {
            return Strategy.parse(value);
        } catch (BadPlacementRule e) {
            throw new BadOptionException("--strategy: " + e.getMessage());
        }
    }

    /** Reads {@code --name value} and {@code --name=value} pairs; rejects anything else. */
    private static Map<String, String> flags(String[] args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new BadOptionException("unexpected argument '" + arg + "' (flags start with --; see --help)");
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            if (Flag.ALL.stream().noneMatch(f -> f.name().equals(name))) {
                throw new BadOptionException("unknown flag --" + name + " (see --help)");
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (Flag.SWITCHES.contains(name) && (i + 1 == args.length || args[i + 1].startsWith("--"))) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new BadOptionException("--" + name + " needs a value");
            }
            if (Flag.REPEATABLE.contains(name) && given.containsKey(name)) {
                given.put(name, given.get(name) + "," + value);
            } else if (given.put(name, value) != null) {
                throw new BadOptionException("--" + name + " given twice");
            }
        }
        return given;
    }

    private String value(Map<String, String> given, String name) {
        Flag flag = Flag.ALL.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        if (given.containsKey(name)) {
            return given.get(name);
        }
        return env.getOrDefault(flag.envName(), flag.defaultValue());
    }

    private void requireToJoin(Role role, Map<String, String> given, String name) {
        if (value(given, name).isBlank()) {
            throw new BadOptionException("--role " + role + " needs --" + name + ": it joins an existing cluster");
        }
    }

    private String nonEmpty(Map<String, String> given, String name) {
        String value = value(given, name);
        if (value.isBlank()) {
            throw new BadOptionException("--" + name + " must not be empty");
        }
        return value;
    }

    // The node id becomes a Kafka key, a Hazelcast key and a directory name: keep it to a safe alphabet.
    private static String checkedNodeId(String nodeId) {
        if (!nodeId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new BadOptionException("--node-id: '" + nodeId + "' must be 1-63 of [A-Za-z0-9_.-], "
                    + "starting with a letter or digit");
        }
        return nodeId;
    }

    /** The text {@code --help} prints. */
    public static String usage() {
        StringBuilder text = new StringBuilder("usage: java -jar berth.jar [flags]\n\n"
                + "Starts Berth all-in-one: embedded Kafka (KRaft), Hazelcast, image store, scheduler,\n"
                + "node agent and the Docker API gateway; --role control leaves out the node agent, --role agent\n"
                + "runs only a node agent, --role core leaves out the gateway, --role gateway runs only the gateway,\n"
                + "--role broker only a Kafka broker of a --kafka-voters quorum, --role member only a Hazelcast member,\n"
                + "--role registry only the image store (the control plane then runs with --registry-url).\n"
                + "Every flag can also be set as BERTH_<NAME>.\n\n");
        for (Flag flag : Flag.ALL) {
            String def = flag.defaultValue().isEmpty() ? "" : " (default " + flag.defaultValue() + ")";
            text.append(String.format("  %-26s %s%s%n", flag.option() + " VALUE", flag.help(), def));
        }
        text.append(String.format("  %-26s %s%n", "--help", "print this and exit"));
        return text.toString();
    }
}
