package io.berth.scheduler.restart;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.state.ContainerRecord;

/**
 * Docker's {@code --restart} policy: {@code no}, {@code on-failure[:N]}, {@code always}, {@code unless-stopped}.
 * The spec carries the name; the retry limit is read from the create body's
 * {@code HostConfig.RestartPolicy.MaximumRetryCount} (0 = no limit), as Docker keeps it.
 */
public record RestartPolicy(String name, int maxRetries) {
    public static final RestartPolicy NO = new RestartPolicy("no", 0);

    /** Whether the policy ever restarts or re-places a container. */
    public boolean any() {
        return !"no".equals(name);
    }

    /** The policy of a container record. */
    public static RestartPolicy of(ContainerRecord record) {
        String name = record.spec() == null ? "no" : record.spec().restartPolicy();
        return new RestartPolicy(name == null || name.isEmpty() ? "no" : name, maxRetries(record.request()));
    }

    private static int maxRetries(String request) {
        if (request == null || request.isEmpty()) {
            return 0;
        }
        try {
            JsonNode count = Json.MAPPER.readTree(request).path("HostConfig").path("RestartPolicy")
                    .path("MaximumRetryCount");
            return count.isIntegralNumber() ? Math.max(0, count.asInt()) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
