package io.berth.deploy.kafka;

import io.berth.deploy.options.KafkaQuorum;
import io.berth.events.Topics;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class BrokerSettingsTest {
    @Test
    void kafkaAcceptsTheSettingsAsACombinedKraftNode() {
        KafkaConfig config = new KafkaConfig(BrokerSettings.of(Path.of("/tmp/k"), 29092, 29093), false);
        assertEquals(1, config.nodeId());
        assertEquals("/tmp/k", config.metadataLogDir());
        assertFalse(config.autoCreateTopicsEnable());
        assertEquals(-1L, (long) config.logRetentionTimeMillis());
        assertEquals(5000, config.getInt("metadata.max.idle.interval.ms"), "an idle controller writes a no-op every 5 s");
    }

    @Test
    void everyTopicIsDeclaredAndOnlyStateIsCompacted() {
        List<NewTopic> topics = TopicSetup.topics();
        assertEquals(Topics.ALL, topics.stream().map(NewTopic::name).toList());
        for (NewTopic topic : topics) {
            assertEquals(TopicSetup.PARTITIONS, topic.numPartitions());
            assertEquals(Topics.compacted(topic.name()) ? "compact" : "delete",
                    topic.configs().get("cleanup.policy"), topic.name());
        }
    }

    @Test
    void aBrokerOfThreeReplicatesToAllAndNeedsTwoInSync() {
        KafkaQuorum quorum = KafkaQuorum.parse("2", "1@10.0.0.1:19093,2@10.0.0.2:19093,3@10.0.0.3:19093");
        var p = BrokerSettings.of(Path.of("/tmp/k"), "10.0.0.2", 19092, 19093, quorum);
        KafkaConfig config = new KafkaConfig(p, false);
        assertEquals(2, config.nodeId());
        assertEquals("1@10.0.0.1:19093,2@10.0.0.2:19093,3@10.0.0.3:19093", p.getProperty("controller.quorum.voters"));
        assertEquals("PLAINTEXT://10.0.0.2:19092,CONTROLLER://10.0.0.2:19093", p.getProperty("listeners"));
        assertEquals(3, (int) config.defaultReplicationFactor());
        assertEquals(2, (int) config.minInSyncReplicas());
        assertEquals("3", p.getProperty("offsets.topic.replication.factor"));
        for (NewTopic topic : TopicSetup.topics(java.util.Optional.of(quorum.replicationFactor()),
                quorum.minInsyncReplicas())) {
            assertEquals(3, topic.replicationFactor());
            assertEquals("2", topic.configs().get("min.insync.replicas"));
        }
    }

    @Test
    void aBrokerAloneKeepsOneReplica() {
        var p = BrokerSettings.of(Path.of("/tmp/k"), 29092, 29093);
        assertEquals("1@127.0.0.1:29093", p.getProperty("controller.quorum.voters"));
        assertEquals("1", p.getProperty("min.insync.replicas"));
        assertEquals("1", p.getProperty("default.replication.factor"));
    }
}
