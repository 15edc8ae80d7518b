package io.berth.deploy.e2e;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Settings read back from the running clusters rather than from Berth's code: the idempotent producers the brokers
 * hold state for on a topic (a producer appears only with {@code enable.idempotence}, which Kafka's client accepts
 * only with {@code acks=all}), and how many entries Hazelcast maps hold as a client counts them.
 */
final class ClusterReadback {

    /** Distinct producer ids with state on any partition of {@code topic}. */
    static Set<Long> idempotentProducers(String bootstrap, String topic) {
        try (Admin admin = admin(bootstrap)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            List<TopicPartition> all = java.util.stream.IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p)).toList();
            Set<Long> ids = new HashSet<>();
            admin.describeProducers(all).all().get(60, TimeUnit.SECONDS).values()
                    .forEach(state -> state.activeProducers().forEach(p -> ids.add(p.producerId())));
            return ids;
        } catch (Exception e) {
            throw new AssertionError("cannot describe the producers of " + topic + " at " + bootstrap, e);
        }
    }

    /** Entries of each named map, as a fresh client of {@code cluster} counts them. */
    static Map<String, Integer> mapSizes(String cluster, List<String> members, String... maps) {
        HazelcastInstance client = hazelcastClient(cluster, members);
        try {
            Map<String, Integer> sizes = new TreeMap<>();
            for (String map : maps) {
                sizes.put(map, client.getMap(map).size());
            }
            return sizes;
        } finally {
            client.shutdown();
        }
    }

    /** A Kafka admin client of the brokers at {@code bootstrap}, its calls given 60 s. */
    static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        return Admin.create(props);
    }

    /** A fresh Hazelcast client of {@code cluster} at {@code members}, as an outside program connects; shut it down. */
    static HazelcastInstance hazelcastClient(String cluster, List<String> members) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(cluster);
        config.getNetworkConfig().setAddresses(members);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        return HazelcastClient.newHazelcastClient(config);
    }

    private ClusterReadback() {
    }
}
