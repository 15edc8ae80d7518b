package io.berth.deploy.e2e;

import com.hazelcast.core.HazelcastInstance;
import io.berth.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What {@link HaPlatform}'s Kafka and Hazelcast clusters look like from outside, asked the way an operator would:
 * brokers registered, each Berth topic's replicas, in-sync replicas and {@code min.insync.replicas}, and the
 * Hazelcast members a fresh client sees.
 *
 * @param brokers  brokers the cluster lists
 * @param topics   topic → "replicas/in-sync (fewest over its partitions)/min.insync.replicas"
 * @param members  Hazelcast members
 */
record HaClusterView(int brokers, Map<String, String> topics, int members) {

    static HaClusterView of(HaPlatform platform) {
        return of(platform.kafkaBootstrap(), platform.clusterName(), platform.hazelcastMembers());
    }

    /** Asks the brokers at {@code bootstrap} and the members of Hazelcast cluster {@code cluster}. */
    static HaClusterView of(String bootstrap, String cluster, List<String> members) {
        int brokers;
        Map<String, String> topics = new TreeMap<>();
        try (Admin admin = ClusterReadback.admin(bootstrap)) {
            brokers = admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size();
            Map<String, TopicDescription> described = admin.describeTopics(Topics.ALL).allTopicNames()
                    .get(60, TimeUnit.SECONDS);
            List<ConfigResource> resources = Topics.ALL.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            var configs = admin.describeConfigs(resources).all().get(60, TimeUnit.SECONDS);
            for (ConfigResource r : resources) {
                TopicDescription d = described.get(r.name());
                int replicas = d.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
                int inSync = d.partitions().stream().mapToInt(p -> p.isr().size()).min().orElse(0);
                topics.put(r.name(), replicas + "/" + inSync + "/" + configs.get(r).get("min.insync.replicas").value());
            }
        } catch (Exception e) {
            throw new AssertionError("cannot describe the Kafka cluster at " + bootstrap, e);
        }
        HazelcastInstance client = ClusterReadback.hazelcastClient(cluster, members);
        try {
            return new HaClusterView(brokers, topics, client.getCluster().getMembers().size());
        } finally {
            client.shutdown();
        }
    }

    /** Whether every Berth topic has this many replicas, at least {@code inSync} in sync, and this min.insync. */
    boolean everyTopicHas(int replicas, int inSync, String minInsync) {
        return topics.size() == Topics.ALL.size() && topics.values().stream().allMatch(v -> {
            String[] parts = v.split("/");
            return Integer.parseInt(parts[0]) == replicas && Integer.parseInt(parts[1]) >= inSync
                    && parts[2].equals(minInsync);
        });
    }

    @Override
    public String toString() {
        return brokers + " brokers, " + members + " Hazelcast members, topics (replicas/in-sync/min.insync) "
                + topics.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
