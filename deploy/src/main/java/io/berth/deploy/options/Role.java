package io.berth.deploy.options;

import java.util.Locale;

/** Which part of Berth one launcher process runs: everything, the control plane only, or one node agent only. */
public enum Role {
    /** Kafka, Hazelcast, image store, scheduler, node agent and gateway in one process. */
    ALL,
    /** Everything but the node agent: the agents run as their own processes and join it. */
    CONTROL,
    /** One node agent joining an existing Kafka and Hazelcast cluster (as a client); it can die on its own. */
    AGENT;

    public boolean runsControlPlane() {
        return this != AGENT;
    }

    public boolean runsAgent() {
        return this != CONTROL;
    }

    /** Parses the flag value {@code all|control|agent}; the message names the flag. */
    public static Role parse(String value) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(value.trim())) {
                return role;
            }
        }
        throw new BadOptionException("--role: expected all, control or agent, got '" + value + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
