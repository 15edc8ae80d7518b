package io.berth.deploy.options;

import java.util.Locale;

/**
 * Which part of Berth one launcher process runs: everything, the control plane only, one node agent only, the
 * core without the Docker API, only the Docker API gateway, or one piece of the infrastructure under them (a Kafka
 * broker alone, a Hazelcast member alone) so that it can be lost on its own.
 */
public enum Role {
    /** Kafka, Hazelcast, image store, scheduler, node agent and gateway in one process. */
    ALL,
    /** Everything but the node agent: the agents run as their own processes and join it. */
    CONTROL,
    /** One node agent joining an existing Kafka and Hazelcast cluster (as a client); it can die on its own. */
    AGENT,
    /** Everything but the gateway: a {@link #GATEWAY} process serves the Docker API and can die on its own. */
    CORE,
    /** Only the Docker API gateway, joining an existing Kafka and Hazelcast cluster (as a client). */
    GATEWAY,
    /** Only an embedded Kafka broker (and KRaft controller) of a {@code --kafka-voters} quorum, and topic setup. */
    BROKER,
    /** Only an embedded Hazelcast member, joining the others named by {@code --hazelcast-join}. */
    MEMBER,
    /** Only the image store (registry v2); control processes and agents reach it with {@code --registry-url}. */
    REGISTRY;

    /** Kafka (embedded unless external), topics, image store and scheduler. */
    public boolean runsControlPlane() {
        return this == ALL || this == CONTROL || this == CORE;
    }

    /** Whether this process runs an embedded Kafka broker (unless given an external one) and sets topics up. */
    public boolean runsBroker() {
        return runsControlPlane() || this == BROKER;
    }

    /** Whether this process is a Hazelcast member or client at all: a broker alone needs neither. */
    public boolean usesHazelcast() {
        return this != BROKER && this != REGISTRY;
    }

    /** Whether this process runs an image store of its own (unless {@code --registry-url} names another). */
    public boolean runsImageStore() {
        return runsControlPlane() || this == REGISTRY;
    }

    /** Whether this process runs any Berth service (and so Vert.x and metrics); brokers and members alone do not. */
    public boolean runsServices() {
        return this != BROKER && this != MEMBER;
    }

    public boolean runsAgent() {
        return this == ALL || this == AGENT || this == CORE;
    }

    public boolean runsGateway() {
        return this == ALL || this == CONTROL || this == GATEWAY;
    }

    /** Whether this process only joins a cluster another process runs (so it must be told where it is). */
    public boolean joinsCluster() {
        return this == AGENT || this == GATEWAY;
    }

    /** Parses the flag value {@code all|control|agent|core|gateway|broker|member|registry}; the message names the flag. */
    public static Role parse(String value) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(value.trim())) {
                return role;
            }
        }
        throw new BadOptionException("--role: expected all, control, agent, core, gateway, broker, member or registry, got '" + value + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
