package io.berth.deploy.options;

import java.util.Locale;

/**
 * Which part of Berth one launcher process runs: everything, the control plane only, one node agent only, the
 * core without the Docker API, or only the Docker API gateway.
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
    GATEWAY;

    /** Kafka (embedded unless external), topics, image store and scheduler. */
    public boolean runsControlPlane() {
        return this == ALL || this == CONTROL || this == CORE;
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

    /** Parses the flag value {@code all|control|agent|core|gateway}; the message names the flag. */
    public static Role parse(String value) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(value.trim())) {
                return role;
            }
        }
        throw new BadOptionException("--role: expected all, control, agent, core or gateway, got '" + value + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
