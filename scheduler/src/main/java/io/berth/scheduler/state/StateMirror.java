package io.berth.scheduler.state;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.berth.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Mirrors the Hazelcast {@code containers} map onto the compacted {@code container-state} topic: the record's
 * JSON on every write, a tombstone on removal. Hazelcast keeps the cluster's state in memory; this is what lets
 * the whole cluster restart (see {@link StateRecovery}) without losing a container. Several scheduler instances
 * mirror the same values, which compaction folds into one.
 */
public final class StateMirror implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
        EntryRemovedListener<String, String>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StateMirror.class.getName());
    private final KafkaProducer<String, String> producer;
    private final IMap<String, String> containers;
    private final UUID registration;
    private final String topic;

    public StateMirror(String bootstrap, String clientId, IMap<String, String> containers) {
        this(bootstrap, clientId, containers, Topics.CONTAINER_STATE);
    }

    /** Mirrors any record map onto its compacted topic (the {@code volumes} map onto {@code volume-state}). */
    public StateMirror(String bootstrap, String clientId, IMap<String, String> containers, String topic) {
        this.topic = topic;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        this.containers = containers;
        this.registration = containers.addEntryListener(this, true);
    }

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
        send(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
        send(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
        send(event.getKey(), null);
    }

    private void send(String id, String json) {
        producer.send(new ProducerRecord<>(topic, id, json), (meta, e) -> {
            if (e != null) {
                LOG.log(Level.WARNING, topic + ": could not record " + id, e);
            }
        });
    }

    @Override
    public void close() {
        containers.removeEntryListener(registration);
        producer.close(Duration.ofSeconds(5));
    }
}
