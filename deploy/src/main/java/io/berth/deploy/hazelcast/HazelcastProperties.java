package io.berth.deploy.hazelcast;

import java.util.Properties;

/** The settings every Hazelcast instance Berth makes shares: silent towards the outside, logging through slf4j. */
final class HazelcastProperties {

    static void quiet(Properties properties) {
        properties.setProperty("hazelcast.phone.home.enabled", "false");
        properties.setProperty("hazelcast.logging.type", "slf4j");
        // The launcher shuts services down before Hazelcast; Hazelcast's own hook would pull it out from under them.
        properties.setProperty("hazelcast.shutdownhook.enabled", "false");
    }

    private HazelcastProperties() {
    }
}
