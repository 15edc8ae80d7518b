package io.berth.scheduler.placement;

/** A constraint, affinity or strategy the user wrote that cannot be read; the message says what was expected. */
public final class BadPlacementRule extends IllegalArgumentException {
    public BadPlacementRule(String message) {
        super(message);
    }
}
