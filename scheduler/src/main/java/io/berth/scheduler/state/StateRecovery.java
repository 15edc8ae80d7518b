package io.berth.scheduler.state;

import com.hazelcast.map.IMap;
import io.berth.events.Json;
import io.berth.events.Topics;
import io.berth.events.state.ContainerRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Refills empty {@code containers} and {@code names} maps from {@code container-state} after the whole cluster
 * (Hazelcast included) restarted: the latest record per container, tombstones dropping removed ones. A
 * cluster whose maps still hold containers (a scheduler restarted alone) is left as it is.
 */
public final class StateRecovery {

    /** Blocking; returns how many containers were restored. */
    public static int restoreIfEmpty(String bootstrap, IMap<String, String> containers, IMap<String, String> names) {
        if (!containers.isEmpty()) {
            return 0;
        }
        Map<String, String> latest = readAll(bootstrap);
        for (Map.Entry<String, String> e : latest.entrySet()) {
            ContainerRecord record = Json.read(e.getValue(), ContainerRecord.class);
            containers.putIfAbsent(e.getKey(), e.getValue());
            names.putIfAbsent(record.name(), record.id());
        }
        return latest.size();
    }

    /** Refills an empty {@code volumes} map from {@code volume-state}; returns how many volumes were restored. */
    public static int restoreVolumesIfEmpty(String bootstrap, IMap<String, String> volumes) {
        if (!volumes.isEmpty()) {
            return 0;
        }
        Map<String, String> latest = readAll(bootstrap, Topics.VOLUME_STATE);
        latest.forEach(volumes::putIfAbsent);
        return latest.size();
    }

    static Map<String, String> readAll(String bootstrap) {
        return readAll(bootstrap, Topics.CONTAINER_STATE);
    }

    /** The topic folded to its latest value per key (what compaction will eventually leave). */
    static Map<String, String> readAll(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, String> latest = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null) {
                return latest; // the topic does not exist yet: nothing was ever recorded in it
            }
            infos.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                }
            }
        }
        return latest;
    }

    private StateRecovery() {
    }
}
