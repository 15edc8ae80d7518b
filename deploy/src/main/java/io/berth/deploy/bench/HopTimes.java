package io.berth.deploy.bench;

import io.berth.events.Topics;
import io.berth.events.wire.Envelope;
import io.berth.events.wire.EnvelopeDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where the time of a {@code docker run} goes: reads every command and event of the given containers back from
 * Kafka and prints, per step, the median offset (ms) from the gateway's create command, using each record's
 * Kafka timestamp (the moment its producer sent it). Consecutive steps show each hop: gateway → scheduler
 * (placement), scheduler → node agent (layers, root), start → started (process start), started → died.
 * Usage: {@code HopTimes <bootstrap> <file with one container id per line>}.
 */
public final class HopTimes {

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: HopTimes <kafka bootstrap> <id file>");
            System.exit(2);
        }
        Set<String> ids = Set.copyOf(Files.readAllLines(Path.of(args[1])).stream().filter(s -> !s.isBlank()).toList());
        Map<String, Map<String, Long>> steps = read(args[0], ids);
        Map<String, List<Long>> offsets = new LinkedHashMap<>();
        for (Map<String, Long> perContainer : steps.values()) {
            Long origin = perContainer.get("container-commands berth.container.create");
            if (origin == null) {
                continue;
            }
            perContainer.entrySet().stream().sorted(Map.Entry.comparingByValue())
                    .forEach(e -> offsets.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue() - origin));
        }
        System.out.printf("where the time goes (median ms after the gateway published create, over %d runs):%n",
                steps.size());
        long previous = 0;
        for (Map.Entry<String, List<Long>> step : offsets.entrySet()) {
            long median = median(step.getValue());
            System.out.printf("  %-55s +%5d ms  (step %+5d ms)%n", step.getKey(), median, median - previous);
            previous = median;
        }
    }

    private static Map<String, Map<String, Long>> read(String bootstrap, Set<String> ids) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EnvelopeDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Map<String, Long>> steps = new HashMap<>();
        try (KafkaConsumer<String, Envelope> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String topic : List.of(Topics.CONTAINER_COMMANDS, Topics.NODE_COMMANDS, Topics.CONTAINER_EVENTS)) {
                consumer.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, Envelope> r : consumer.poll(Duration.ofMillis(500))) {
                    Envelope e = r.value();
                    if (e == null || !ids.contains(e.subject())) {
                        continue;
                    }
                    // first occurrence of each step only (a replay would otherwise move it)
                    steps.computeIfAbsent(e.subject(), k -> new HashMap<>())
                            .putIfAbsent(r.topic() + " " + e.type(), r.timestamp());
                }
            }
        }
        return steps;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private HopTimes() {
    }
}
