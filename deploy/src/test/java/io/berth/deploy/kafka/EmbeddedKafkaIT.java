package io.berth.deploy.kafka;

import io.berth.deploy.testing.FreePorts;
import io.berth.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real broker on a temp dir: topics, a record in and out, and both still there after a restart. */
class EmbeddedKafkaIT {
    @TempDir
    Path dir;

    @Test
    void keepsTopicsAndRecordsAcrossARestart() throws Exception {
        int[] ports = FreePorts.take(2);
        EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), ports[0], ports[1]);
        String clusterId;
        try {
            assertFalse(kafka.formatted());
            kafka.start();
            clusterId = kafka.clusterId();
            assertNotNull(clusterId);
            assertEquals(Topics.ALL, TopicSetup.ensure(kafka.bootstrap(), Duration.ofSeconds(30)));
            assertCompacted(kafka.bootstrap());
            produce(kafka.bootstrap(), Topics.CONTAINER_EVENTS, "c1", "started");
            assertEquals(List.of("c1=started"), consumeAll(kafka.bootstrap(), Topics.CONTAINER_EVENTS, 1));
        } finally {
            kafka.stop();
        }

        EmbeddedKafka again = new EmbeddedKafka(dir.resolve("kafka"), ports[0], ports[1]);
        try {
            again.start();
            assertEquals(clusterId, again.clusterId());
            assertEquals(List.of(), TopicSetup.ensure(again.bootstrap(), Duration.ofSeconds(30)),
                    "every topic survived the restart");
            assertEquals(List.of("c1=started"), consumeAll(again.bootstrap(), Topics.CONTAINER_EVENTS, 1));
        } finally {
            again.stop();
        }
    }

    private static void assertCompacted(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ConfigResource state = new ConfigResource(ConfigResource.Type.TOPIC, Topics.CONTAINER_STATE);
            String policy = admin.describeConfigs(List.of(state)).all().get().get(state)
                    .get("cleanup.policy").value();
            assertEquals("compact", policy);
            TopicDescription events = admin.describeTopics(Set.of(Topics.CONTAINER_EVENTS)).allTopicNames().get()
                    .get(Topics.CONTAINER_EVENTS);
            assertEquals(TopicSetup.PARTITIONS, events.partitions().size());
        }
    }

    private static void produce(String bootstrap, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    // A fresh group each time, from the earliest offset: what is read is what the broker kept.
    private static List<String> consumeAll(String bootstrap, String topic, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.key() + "=" + record.value());
                }
            }
            assertTrue(seen.size() >= expected, "read " + seen + " from " + topic);
            return seen;
        }
    }
}
