package io.berth.events.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.events.Json;
import io.berth.events.Topics;
import io.berth.events.wire.MessageTypes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docs/events.md} has one section per CloudEvents type the code can emit (every type {@link MessageTypes}
 * maps, since the codec refuses any other) and no section for a type it cannot; each section names every top-level
 * data field of its type's schema; every topic is in the topic table.
 */
class EventsDocTest {
    private static final Pattern HEADING = Pattern.compile("(?m)^### `(berth\\.[a-z]+\\.[a-z-]+)`$");

    @Test
    void theDocNamesEveryTypeAndEachTypesFields() throws IOException {
        String doc = Files.readString(Path.of("../docs/events.md"));
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher m = HEADING.matcher(doc);
        int start = -1;
        String type = null;
        while (m.find()) {
            if (type != null) {
                sections.put(type, doc.substring(start, m.start()));
            }
            type = m.group(1);
            start = m.end();
        }
        if (type != null) {
            int end = doc.indexOf("\n## ", start);
            sections.put(type, doc.substring(start, end < 0 ? doc.length() : end));
        }
        assertEquals(new TreeSet<>(MessageTypes.all().keySet()), new TreeSet<>(sections.keySet()),
                "the types docs/events.md has sections for vs the types the code emits");

        for (Map.Entry<String, String> section : sections.entrySet()) {
            JsonNode schema = Json.MAPPER.readTree(EventSchemasTest.schemaOf(section.getKey()));
            for (Iterator<String> fields = schema.get("properties").fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                assertTrue(section.getValue().contains("`" + field + "`"),
                        "docs/events.md's section on " + section.getKey() + " does not name its field " + field);
            }
        }
        for (String topic : Topics.ALL) {
            assertTrue(doc.contains("| `" + topic + "` |"), "docs/events.md's topic table misses " + topic);
        }
    }
}
