package io.berth.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code container-events} read as an outside program would, as {@code docs/events.md} tells it to: a stock Kafka
 * consumer positioned by time ({@code offsetsForTimes}) reading raw JSON, and a consumer using the CloudEvents SDK's
 * Kafka binding. Both find the create, start, die and destroy ({@code scheduled}, {@code started}, {@code died},
 * {@code removed}) of a container this test ran, with the documented attributes and fields, and each data object
 * has exactly the fields its published schema ({@code docs/schemas/}) allows.
 */
@E2e
class ContainerEventsIT {
    private static final String TOPIC = "container-events";
    private static final List<String> LIFE = List.of("berth.container.scheduled", "berth.container.started",
            "berth.container.died", "berth.container.removed");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Platform platform;
    private static DockerCli docker;
    private static String id;
    private static String name;
    private static long since;

    @BeforeAll
    static void runAContainer() {
        since = System.currentTimeMillis() - 1000;
        name = "ce-" + UUID.randomUUID().toString().substring(0, 8);
        DockerCli.Result run = docker.run("run", "-d", "--name", name, "-l", "suite=consumers", "busybox", "sh", "-c",
                "exit 3");
        assertTrue(run.ok(), run.toString());
        id = run.stdout().trim();
        assertEquals("3", docker.run("wait", id).stdout().trim());
        assertTrue(docker.run("rm", id).ok());
    }

    @AfterAll
    static void cleanUp() {
        if (id != null) {
            docker.run("rm", "-f", id);
        }
    }

    @Test
    void aStockConsumerFindsTheLifeFromATime() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", platform.kafkaBootstrap());
        Map<String, JsonNode> found = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            Map<TopicPartition, OffsetAndTimestamp> at = consumer.offsetsForTimes(
                    parts.stream().collect(Collectors.toMap(tp -> tp, tp -> since)));
            at.forEach((tp, o) -> {
                if (o != null) {
                    consumer.seek(tp, o.offset());
                } else {
                    consumer.seekToEnd(List.of(tp));
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (found.size() < LIFE.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode e = JSON.readTree(r.value());
                    if (id.equals(r.key()) && LIFE.contains(e.path("type").asText())) {
                        assertTrue(r.timestamp() >= since, "offsetsForTimes positioned before the asked time");
                        found.put(e.get("type").asText(), e);
                    }
                }
            }
        }
        assertEquals(LIFE, List.copyOf(found.keySet()), "the life of " + id + " in order");
        for (JsonNode e : found.values()) {
            assertEquals("1.0", e.path("specversion").asText());
            assertTrue(e.path("id").asText().length() > 8, e.toString());
            assertTrue(e.path("source").asText().startsWith("/berth/"), e.toString());
            assertEquals(id, e.path("subject").asText());
            OffsetDateTime.parse(e.path("time").asText());
            assertEquals("application/json", e.path("datacontenttype").asText());
            assertEquals(name, e.path("actorname").asText(), e.toString());
            assertEquals("busybox", e.path("actorimage").asText(), e.toString());
            assertEquals("consumers", JSON.readTree(e.path("actorlabels").asText()).path("suite").asText());
            assertEquals(id, e.path("data").path("containerId").asText());
            matchesSchema(e.get("type").asText(), e.get("data"));
        }
        assertTrue(found.get("berth.container.scheduled").path("source").asText().startsWith("/berth/scheduler/"));
        assertEquals(platform.nodeId(), found.get("berth.container.scheduled").path("data").path("nodeId").asText());
        assertTrue(found.get("berth.container.started").path("data").path("pid").asLong() > 0);
        assertEquals(3, found.get("berth.container.died").path("data").path("exitCode").asInt());
        assertTrue(found.get("berth.container.removed").path("source").asText().startsWith("/berth/node-agent/"));
        assertTrue(found.get("berth.container.removed").path("correlationid").asText().length() > 8,
                "a removal answers the rm command");
    }

    @Test
    void theCloudEventsSdkKafkaBindingReadsTheSameLife() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", platform.kafkaBootstrap());
        p.put("group.id", "ce-sdk-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        Map<String, CloudEvent> found = new LinkedHashMap<>();
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new CloudEventDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (found.size() < LIFE.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, CloudEvent> r : consumer.poll(Duration.ofMillis(500))) {
                    CloudEvent e = r.value();
                    if (e != null && id.equals(e.getSubject()) && LIFE.contains(e.getType())) {
                        found.put(e.getType(), e);
                    }
                }
            }
        }
        assertEquals(LIFE, List.copyOf(found.keySet()), "the life of " + id + " in order");
        for (CloudEvent e : found.values()) {
            assertEquals("1.0", e.getSpecVersion().toString());
            assertNotNull(e.getTime());
            assertTrue(e.getSource().toString().startsWith("/berth/"));
            assertEquals("application/json", e.getDataContentType());
            assertEquals(name, e.getExtension("actorname"));
            assertEquals("busybox", e.getExtension("actorimage"));
            assertNotNull(e.getData(), e.toString());
            JsonNode data = JSON.readTree(new String(e.getData().toBytes(), StandardCharsets.UTF_8));
            assertEquals(id, data.path("containerId").asText());
            matchesSchema(e.getType(), data);
        }
        assertEquals(3, JSON.readTree(found.get("berth.container.died").getData().toBytes()).path("exitCode").asInt());
    }

    // Every field is one the schema declares, with its declared JSON type, and every required one is there.
    private static void matchesSchema(String type, JsonNode data) throws Exception {
        JsonNode schema = JSON.readTree(Files.readString(Path.of("../docs/schemas/" + type + ".schema.json")));
        JsonNode properties = schema.get("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode declared = properties.get(field.getKey());
            assertNotNull(declared, type + " carries " + field.getKey() + ", which its schema does not declare");
            String t = declared.path("type").asText();
            boolean ok = switch (t) {
                case "string" -> field.getValue().isTextual();
                case "integer" -> field.getValue().isIntegralNumber();
                case "boolean" -> field.getValue().isBoolean();
                default -> true;
            };
            assertTrue(ok, type + "." + field.getKey() + " is not a " + t + ": " + field.getValue());
        }
        for (JsonNode required : schema.path("required")) {
            assertTrue(data.has(required.asText()), type + " lacks required " + required.asText());
        }
    }
}
