package io.berth.deploy.options;

import java.util.List;
import java.util.Locale;

/** One launcher flag: its name, its default, and what it means; the BERTH_* variable name follows from it. */
public record Flag(String name, String defaultValue, String help) {

    /** Every flag the launcher knows, in the order {@code --help} lists them. */
    public static final List<Flag> ALL = List.of(
            new Flag("role", "all", "all | control (no node agent) | agent (only a node agent joining a cluster) | core (no gateway) | gateway (only the Docker API, joining a cluster) | broker (only a Kafka broker) | member (only a Hazelcast member) | registry (only the image store)"),
            new Flag("data-root", "/var/lib/berth", "directory holding all state (kafka, images, nodes)"),
            new Flag("socket", "/run/berth.sock", "Unix socket for the Docker API; \"\" for none"),
            new Flag("tcp", "", "also serve the API on HOST:PORT, e.g. 127.0.0.1:2375; a non-loopback address needs "
                    + "--tlsverify"),
            new Flag("tlsverify", "false", "serve --tcp with mutual TLS: only clients with a certificate signed by "
                    + "--tlscacert get in (make a CA and certificates with: ./berth certs DIR)"),
            new Flag("tlscacert", "", "with --tlsverify: PEM CA certificate that client certificates must chain to"),
            new Flag("tlscert", "", "with --tlsverify: PEM server certificate"),
            new Flag("tlskey", "", "with --tlsverify: PEM server private key"),
            new Flag("insecure-tcp", "false", "allow --tcp on a non-loopback address WITHOUT TLS: whoever reaches "
                    + "it is root on every node; only for a network nothing else can reach (e.g. a test's own bridge)"),
            new Flag("group", "", "group that may use the API socket besides root (mode 0660); default: root's"),
            new Flag("node-id", "", "this node's id (default: the host name)"),
            new Flag("kafka-bootstrap", "", "external Kafka HOST:PORT[,...]; then no embedded broker"),
            new Flag("hazelcast-members", "", "external Hazelcast members a,b; then a client, no member"),
            new Flag("cluster-name", "berth", "Hazelcast cluster name"),
            new Flag("kafka-port", "19092", "embedded Kafka client port"),
            new Flag("kafka-controller-port", "19093", "embedded Kafka KRaft controller port"),
            new Flag("hazelcast-port", "5701", "embedded Hazelcast member port"),
            new Flag("kafka-node-id", "1", "embedded broker's KRaft node id; one per control host, among "
                    + "--kafka-voters"),
            new Flag("kafka-voters", "", "embedded brokers of several control hosts as one KRaft cluster: "
                    + "ID@HOST:CONTROLLER_PORT,... e.g. 1@10.0.0.1:19093,2@10.0.0.2:19093,3@10.0.0.3:19093 "
                    + "(replication factor 3, min.insync.replicas 2); empty: this broker alone"),
            new Flag("hazelcast-join", "", "embedded Hazelcast members of the other control hosts, HOST:PORT,... "
                    + "(one cluster, backup count 1); empty: this member alone"),
            new Flag("registry-port", "5000", "image store (registry v2) port; 0 for any free one"),
            new Flag("registry-url", "", "roles agent, gateway: the image store's base URL, e.g. http://10.0.0.1:5000; "
                    + "roles all, control, core: an image store run as --role registry instead of their own"),
            new Flag("agent-port", "2386", "node agent stream endpoint port; 0 for any free one"),
            new Flag("busybox", "/bin/busybox", "static busybox the busybox:latest image is built from"),
            new Flag("advertise-address", "127.0.0.1", "this host's address: Kafka, Hazelcast, the image store and "
                    + "the node agent's stream endpoint listen on it and tell others to use it"),
            new Flag("node-grace", "10s", "a node silent this long is marked down and its containers lost "
                    + "(e.g. 10s, 500ms)"),
            new Flag("cgroup-parent", "berth", "the cgroup containers' cgroups sit under, as dockerd's "
                    + "--cgroup-parent; give each node agent its own when several share one host"),
            new Flag("no-userns", "false", "run containers in the host's user namespace, as dockerd without "
                    + "--userns-remap; by default each container gets its own (65,536 host ids from a per-node pool, "
                    + "idmapped image layers and mounts: Linux 6.x); for kernels without idmapped mounts"),
            new Flag("node-label", "", "KEY=VALUE label of this node for placement constraints; repeatable "
                    + "(variable: comma-separated)"),
            new Flag("strategy", "spread", "scheduler: how containers are spread over nodes: spread | binpack"),
            new Flag("command-partitions", "3", "partitions of the container-commands topic when this process "
                    + "creates it (1-1000): how many schedulers can share the commands; an existing topic keeps its "
                    + "own"));

    /** Flags that may be given more than once; their values are joined with commas. */
    public static final List<String> REPEATABLE = List.of("node-label");

    /** Flags that may stand alone, meaning true, as dockerd's {@code --tlsverify}. */
    public static final List<String> SWITCHES = List.of("tlsverify", "insecure-tcp", "no-userns");

    /** The environment variable that sets this flag when it is not given: {@code --data-root} → BERTH_DATA_ROOT. */
    public String envName() {
        return "BERTH_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public String option() {
        return "--" + name;
    }
}
