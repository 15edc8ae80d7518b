package io.berth.gateway.image;

import io.berth.events.Topics;
import io.berth.events.image.ImageChanged;
import io.berth.gateway.metrics.GatewayMeters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps {@link KeptImages} current from {@code image-events} on its own thread, and says when it may be trusted.
 * Filling: the end of every partition is noted first, then the registry is walked, then the announcements from
 * those offsets on are applied (each sets one name's state, so replaying one the walk already saw is harmless).
 * Trust ({@link #current}): a reader first asks the broker where each partition ends now and waits until this
 * gateway has applied that far, so an answer is never older than a change the store answered before the read
 * began — the store announces (acks=all) before it answers, whoever pushed. Not filled yet, a store that does not
 * announce (an external registry), the walk or a read failing, or the feed lagging past {@link #FENCE_WAIT}:
 * {@link #current} says so and the caller walks the registry as before.
 */
public final class ImageFeed implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ImageFeed.class.getName());
    static final Duration FENCE_WAIT = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final long IO_SECONDS = 30;

    private final Vertx vertx;
    private final RegistryClient registry;
    private final ImageCatalog walker;
    private final KeptImages kept = new KeptImages();
    private final KafkaConsumer<String, String> consumer;
    private final Admin admin;
    private final Thread thread;
    private volatile boolean running = true;
    private final Object lock = new Object();
    /** Partition → the offset up to which announcements are applied; empty while not filled. */
    private final Map<TopicPartition, Long> applied = new HashMap<>();
    private boolean filled;
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(Map<TopicPartition, Long> ends, Promise<Boolean> promise, Context context) {
    }

    private final GatewayMeters meters;

    public ImageFeed(Vertx vertx, String bootstrap, String instanceId, RegistryClient registry, GatewayMeters meters) {
        this.vertx = vertx;
        this.meters = meters;
        this.registry = registry;
        this.walker = new ImageCatalog(registry);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "berth-gateway-images-" + instanceId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(c);
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        a.put(AdminClientConfig.CLIENT_ID_CONFIG, "berth-gateway-images-fence-" + instanceId);
        // a read waits FENCE_WAIT at most anyway; an ask the broker never answers should not linger much longer
        a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        this.admin = Admin.create(a);
        this.thread = new Thread(this::loop, "berth-gateway-images-" + instanceId);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * The kept images once they hold every change announced before this call, or empty when they cannot be
     * trusted now (the caller then asks the registry). Never fails.
     */
    public Future<Optional<KeptImages>> current() {
        Map<TopicPartition, Long> partitions;
        synchronized (lock) {
            if (!filled) {
                meters.imageRead(false);
                return Future.succeededFuture(Optional.empty());
            }
            partitions = new HashMap<>(applied);
        }
        Context context = vertx.getOrCreateContext();
        Promise<Boolean> caughtUp = Promise.promise();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
        admin.listOffsets(latest).all().whenComplete((ends, e) -> {
            if (e != null) {
                context.runOnContext(v -> caughtUp.tryComplete(false));
                return;
            }
            Map<TopicPartition, Long> target = new HashMap<>();
            ends.forEach((p, info) -> target.put(p, info.offset()));
            wait(new Waiter(target, caughtUp, context));
        });
        long timer = vertx.setTimer(FENCE_WAIT.toMillis(), id -> caughtUp.tryComplete(false));
        return caughtUp.future().map(sure -> {
            vertx.cancelTimer(timer);
            meters.imageRead(sure);
            return sure ? Optional.of(kept) : Optional.<KeptImages>empty();
        });
    }

    private void wait(Waiter waiter) {
        synchronized (lock) {
            if (!filled) {
                waiter.context().runOnContext(v -> waiter.promise().tryComplete(false));
            } else if (reached(waiter.ends())) {
                waiter.context().runOnContext(v -> waiter.promise().tryComplete(true));
            } else {
                waiters.add(waiter);
            }
        }
    }

    // under lock
    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (applied.getOrDefault(end.getKey(), -1L) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    // under lock: answers the waiters this progress satisfies (or all of them, unsure, once unfilled)
    private void release() {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (!filled || reached(w.ends())) {
                boolean sure = filled;
                w.context().runOnContext(v -> w.promise().tryComplete(sure));
                it.remove();
            }
        }
    }

    private void loop() {
        try {
            List<TopicPartition> partitions = null;
            while (running) {
                if (partitions == null) {
                    partitions = partitions();
                    consumer.assign(partitions);
                }
                if (!isFilled()) {
                    if (!fill(partitions)) {
                        Thread.sleep(RETRY.toMillis());
                    }
                    continue;
                }
                List<ConsumerRecord<String, String>> batch = new ArrayList<>();
                consumer.poll(Duration.ofSeconds(1)).forEach(batch::add);
                try {
                    for (ConsumerRecord<String, String> r : batch) {
                        kept.apply(ImageChanged.parse(r.value()), this::read);
                    }
                    Map<TopicPartition, Long> positions = new HashMap<>();
                    partitions.forEach(p -> positions.put(p, consumer.position(p)));
                    synchronized (lock) {
                        applied.putAll(positions);
                        release();
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not apply an image announcement; walking the registry again", e);
                    unfill();
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() woke us up
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "image-events consumer stopped; image reads walk the registry", e);
        } finally {
            unfill();
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private List<TopicPartition> partitions() throws InterruptedException {
        while (running) {
            var infos = consumer.partitionsFor(Topics.IMAGE_EVENTS, Duration.ofSeconds(IO_SECONDS));
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> out = new ArrayList<>();
                infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
                return out;
            }
            Thread.sleep(RETRY.toMillis());
        }
        throw new InterruptedException("closed");
    }

    private boolean isFilled() {
        synchronized (lock) {
            return filled;
        }
    }

    private void unfill() {
        synchronized (lock) {
            filled = false;
            applied.clear();
            release();
        }
    }

    private boolean fill(List<TopicPartition> partitions) {
        try {
            if (!await(registry.announces())) {
                return false;
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(IO_SECONDS));
            ends.forEach(consumer::seek);
            kept.replace(await(walker.walk()));
            synchronized (lock) {
                applied.clear();
                applied.putAll(ends);
                filled = true;
                release();
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        } catch (RuntimeException | ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.log(Level.FINE, "image catalogue not filled yet", e);
            return false;
        }
    }

    private Optional<ResolvedImage> read(ImageRef ref) {
        try {
            return Optional.of(await(registry.resolve(ref)));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ImageNotFound) {
                return Optional.empty();
            }
            throw new IllegalStateException("could not read " + ref.familiar() + ": " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not read " + ref.familiar() + " in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + ref.familiar(), e);
        }
    }

    private static <T> T await(Future<T> future)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        return future.toCompletionStage().toCompletableFuture().get(IO_SECONDS, TimeUnit.SECONDS);
    }

    /** Blocking: stops the thread and closes the consumer and admin client. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(2));
    }
}
