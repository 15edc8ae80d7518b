package io.berth.events.schema;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.berth.events.Json;
import io.berth.events.wire.MessageTypes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code docs/schemas/<type>.schema.json} is the JSON Schema of each CloudEvents type's data, generated from its
 * record: this test generates them again and fails on any difference, so the published schemas cannot drift from
 * the code. {@code mvn test -pl events -Dberth.schemas.write=true} rewrites them after a record changes.
 */
class EventSchemasTest {
    static final Path DIR = Path.of("../docs/schemas");
    private static final String BASE = "urn:berth:schema:";

    static String schemaOf(String type) {
        try {
            return Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(JsonSchemas.of(
                    Json.MAPPER, MessageTypes.classOf(type), BASE + type, type)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyTypeHasItsGeneratedSchemaAndNoOther() throws IOException {
        boolean write = Boolean.getBoolean("berth.schemas.write");
        Set<String> types = new TreeSet<>(MessageTypes.all().keySet());
        List<String> drifted = new ArrayList<>();
        if (write) {
            Files.createDirectories(DIR);
        }
        for (String type : types) {
            Path file = DIR.resolve(type + ".schema.json");
            String generated = schemaOf(type);
            if (write) {
                Files.writeString(file, generated, StandardCharsets.UTF_8);
            } else if (!Files.isRegularFile(file) || !Files.readString(file).equals(generated)) {
                drifted.add(file.toString());
            }
        }
        if (!drifted.isEmpty()) {
            fail("schemas differ from the records (run mvn test -pl events -Dberth.schemas.write=true): " + drifted);
        }
        Set<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(DIR)) {
            list.map(p -> p.getFileName().toString()).forEach(files::add);
        }
        Set<String> expected = new TreeSet<>();
        types.forEach(t -> expected.add(t + ".schema.json"));
        assertEquals(expected, files, "a schema file for a type the code no longer has");
    }
}
