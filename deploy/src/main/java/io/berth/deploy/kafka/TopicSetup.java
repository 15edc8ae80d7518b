package io.berth.deploy.kafka;

import io.berth.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates Berth's topics if they are missing; existing topics are left as they are. */
public final class TopicSetup {
    public static final int PARTITIONS = 3;

    /** The topics Berth needs, with their settings; the replication factor is the cluster's default. */
    public static List<NewTopic> topics() {
        return Topics.ALL.stream().map(name -> new NewTopic(name, Optional.of(PARTITIONS), Optional.empty())
                .configs(Topics.compacted(name)
                        ? Map.of("cleanup.policy", "compact")
                        // Said per topic too, so an external cluster with a retention default keeps them as well.
                        : Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1")))
                .toList();
    }

    /** Blocks until every topic exists; returns the names it created, in the order of {@link Topics#ALL}. */
    public static List<String> ensure(String bootstrap, Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "berth-topic-setup");
        try (Admin admin = Admin.create(props)) {
            var results = admin.createTopics(topics()).values();
            var created = new java.util.ArrayList<String>();
            for (String topic : Topics.ALL) {
                try {
                    results.get(topic).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic + " on " + bootstrap
                                + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            return created;
        }
    }

    private TopicSetup() {
    }
}
