package io.berth.scheduler.placement;

/** The outcome of placing one container: the chosen node, or the reason no node fits, for the user. */
public record Placement(String nodeId, String reason) {

    public static Placement on(String nodeId) {
        return new Placement(nodeId, null);
    }

    public static Placement nowhere(String reason) {
        return new Placement(null, reason);
    }

    public boolean placed() {
        return nodeId != null;
    }
}
