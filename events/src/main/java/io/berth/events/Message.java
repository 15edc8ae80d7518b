package io.berth.events;

/** Anything carried on a Berth topic: a command (a request) or an event (a fact), always about one container. */
public interface Message {
    /** The container the message is about; also the CloudEvents {@code subject} and the Kafka key. */
    String containerId();
}
