package io.berth.events.schema;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a JSON Schema (draft 2020-12) of a record exactly as Berth's {@code Json.MAPPER} serializes it: the
 * properties are the ones Jackson finds, with their declared types; nested records go under {@code $defs}.
 * Properties of primitive type are required (they are never null, so never left out); the rest may be absent,
 * since nulls are not written.
 */
final class JsonSchemas {
    private final ObjectMapper mapper;
    private final Map<String, ObjectNode> defs = new TreeMap<>();

    JsonSchemas(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The schema of {@code type}'s JSON, titled {@code title}, with {@code id} as its {@code $id}. */
    static ObjectNode of(ObjectMapper mapper, Class<?> type, String id, String title) {
        JsonSchemas schemas = new JsonSchemas(mapper);
        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", id);
        root.put("title", title);
        root.put("description", "The data of a " + title + " CloudEvent (Java record "
                + type.getName() + ")");
        root.setAll(schemas.object(mapper.constructType(type)));
        if (!schemas.defs.isEmpty()) {
            ObjectNode defs = root.putObject("$defs");
            schemas.defs.forEach(defs::set);
        }
        return root;
    }

    private ObjectNode object(JavaType type) {
        BeanDescription bean = mapper.getSerializationConfig().introspect(type);
        ObjectNode schema = mapper.createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = mapper.createArrayNode();
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (!p.couldSerialize()) {
                continue;
            }
            JavaType t = p.getPrimaryType();
            properties.set(p.getName(), of(t));
            if (t.isPrimitive()) {
                required.add(p.getName());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    private ObjectNode of(JavaType t) {
        ObjectNode s = mapper.createObjectNode();
        Class<?> raw = t.getRawClass();
        if (raw == String.class || raw == char.class || raw == Character.class) {
            s.put("type", "string");
        } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
                || raw == short.class || raw == Short.class || raw == byte.class || raw == Byte.class) {
            s.put("type", "integer");
        } else if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            s.put("type", "number");
        } else if (raw == boolean.class || raw == Boolean.class) {
            s.put("type", "boolean");
        } else if (raw.isEnum()) {
            s.put("type", "string");
            ArrayNode values = s.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(mapper.valueToTree(constant));
            }
        } else if (t.isCollectionLikeType() || t.isArrayType()) {
            s.put("type", "array");
            s.set("items", of(t.getContentType()));
        } else if (t.isMapLikeType()) {
            s.put("type", "object");
            s.set("additionalProperties", of(t.getContentType()));
        } else if (raw.getName().startsWith("io.berth.")) {
            String name = raw.getSimpleName();
            if (!defs.containsKey(name)) {
                defs.put(name, mapper.createObjectNode()); // a placeholder stops a cycle
                defs.put(name, object(t));
            }
            s.put("$ref", "#/$defs/" + name);
        } else {
            throw new IllegalArgumentException("no JSON Schema mapping for " + t + ": add one");
        }
        return s;
    }
}
