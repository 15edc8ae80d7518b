package io.berth.gateway.events;

import com.fasterxml.jackson.core.JsonGenerator;
import io.berth.events.event.ContainerNetworkChanged;
import io.berth.events.state.ContainerRecord;
import io.berth.gateway.http.DockerJson;
import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch of read records as the bytes of {@code GET /events}: each Docker event that passes the filters as one
 * JSON object and a newline, the whole batch in one buffer (one write, one flush). Pure.
 */
final class EventLines {

    /** The containers whose records a batch needs: those of events that do not name their actor. */
    static Set<String> unnamed(List<EventReader.Timed> batch) {
        Set<String> ids = new HashSet<>();
        for (EventReader.Timed t : batch) {
            if (t.envelope().actor() == null && !(t.envelope().data() instanceof ContainerNetworkChanged)
                    && t.envelope().subject() != null) {
                ids.add(t.envelope().subject());
            }
        }
        return ids;
    }

    /** The batch's lines; {@code records} holds what {@link #unnamed} asked for, where it still exists. */
    static Buffer encode(List<EventReader.Timed> batch, Map<String, ContainerRecord> records, EventFilters filters) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 400);
        // one generator for the batch; its root values separated by our newline alone
        try (JsonGenerator json = DockerJson.MAPPER.getFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            for (EventReader.Timed t : batch) {
                ContainerRecord record = t.envelope().actor() == null ? records.get(t.envelope().subject()) : null;
                for (Map<String, Object> event : DockerEvent.of(t.envelope(), record, t.timeNanos())) {
                    if (filters.test(event)) {
                        DockerJson.MAPPER.writeValue(json, event);
                        json.writeRaw('\n');
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(out.toByteArray());
    }

    private EventLines() {
    }
}
