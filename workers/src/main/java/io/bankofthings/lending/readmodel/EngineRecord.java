package io.bankofthings.lending.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One engine record in a neutral form: the JSON every Zeebe version writes for a record ({@code Record#toJson()}),
 * so the in-process engine's stream and a broker exporter feed the read model the same way.
 *
 * @param partitionId the partition that wrote the record; positions grow per partition
 * @param position the record's position in its partition's log, unique and increasing
 * @param key the key of the entity the record is about (process instance, element instance, job, ...), -1 for none
 * @param recordType EVENT, COMMAND or COMMAND_REJECTION; only events are projected
 * @param valueType e.g. PROCESS_INSTANCE, JOB, INCIDENT, VARIABLE
 * @param intent e.g. ELEMENT_ACTIVATED, CREATED, RESOLVED
 * @param value the record's value; never null
 */
public record EngineRecord(
        int partitionId,
        long position,
        long key,
        Instant timestamp,
        String recordType,
        String valueType,
        String intent,
        JsonNode value) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public EngineRecord {
        if (position < 0) {
            throw new InvalidEngineRecordException("position must not be negative, was " + position);
        }
        require(timestamp, "timestamp");
        require(recordType, "recordType");
        require(valueType, "valueType");
        require(intent, "intent");
        require(value, "value");
        if (!value.isObject()) {
            throw new InvalidEngineRecordException("value of record " + position + " must be a JSON object");
        }
    }

    public boolean isEvent() {
        return "EVENT".equals(recordType);
    }

    /** A record from its JSON form. */
    public static EngineRecord fromJson(String json) {
        return fromJson(read(json));
    }

    /** Records from a JSON array (an exporter batch), in the order given. */
    public static List<EngineRecord> fromJsonArray(String json) {
        JsonNode node = read(json);
        if (!node.isArray()) {
            throw new InvalidEngineRecordException("a batch of records must be a JSON array");
        }
        var records = new ArrayList<EngineRecord>(node.size());
        for (JsonNode element : node) {
            records.add(fromJson(element));
        }
        return records;
    }

    public static EngineRecord fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidEngineRecordException("a record must be a JSON object");
        }
        long position = number(node, "position");
        return new EngineRecord(
                (int) number(node, "partitionId"),
                position,
                number(node, "key"),
                Instant.ofEpochMilli(number(node, "timestamp")),
                text(node, "recordType", position),
                text(node, "valueType", position),
                text(node, "intent", position),
                node.get("value"));
    }

    /** A text field of the value, or null when it is missing, null or empty. */
    public String text(String field) {
        JsonNode node = value.get(field);
        return node == null || node.isNull() || node.asText().isEmpty() ? null : node.asText();
    }

    /** A number field of the value, or -1 when it is missing (the engine's own "no key"). */
    public long number(String field) {
        JsonNode node = value.get(field);
        return node == null || !node.canConvertToLong() ? -1 : node.asLong();
    }

    /** The record's process instance key, or -1 when it belongs to none. */
    public long processInstanceKey() {
        return number("processInstanceKey");
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEngineRecordException("records are not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new InvalidEngineRecordException("record field " + field + " must be an integer, was " + value);
        }
        return value.asLong();
    }

    private static String text(JsonNode node, String field, long position) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidEngineRecordException(
                    "record " + position + " field " + field + " must be a string, was " + value);
        }
        return value.asText();
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new InvalidEngineRecordException("record field " + field + " is missing");
        }
    }
}
