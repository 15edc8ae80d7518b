package io.berth.deploy.kafka;

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
}
