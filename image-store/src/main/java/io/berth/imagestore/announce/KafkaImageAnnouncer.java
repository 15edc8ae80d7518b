package io.berth.imagestore.announce;

import io.berth.events.Topics;
import io.berth.events.image.ImageChanged;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Announces on {@code image-events}, keyed by repository (one repository's changes keep their order), acks=all. */
public final class KafkaImageAnnouncer implements ImageAnnouncer {
    private static final long SEND_SECONDS = 30;
    private final KafkaProducer<String, String> producer;

    public KafkaImageAnnouncer(String bootstrap, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // one record per manifest write, each awaited before the registry answers: nothing to batch
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
    }

    @Override
    public void announce(ImageChanged change) {
        try {
            producer.send(new ProducerRecord<>(Topics.IMAGE_EVENTS, change.repository(), change.json()))
                    .get(SEND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted announcing " + change, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not announce " + change + " on " + Topics.IMAGE_EVENTS + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean announces() {
        return true;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
