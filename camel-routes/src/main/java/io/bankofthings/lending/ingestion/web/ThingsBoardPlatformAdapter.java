package io.bankofthings.lending.ingestion.web;

import static io.bankofthings.lending.ingestion.RejectionReason.MISSING_FIELD;
import static io.bankofthings.lending.ingestion.RejectionReason.WRONG_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bankofthings.lending.ingestion.TelemetryRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * ThingsBoard's gateway telemetry format ({@code /ingest/thingsboard}), as a rule chain's REST API call node
 * forwards it: {@code {"<device name>": [{"ts": <epoch millis>, "values": {...}}, ...], ...}}. In {@code values},
 * {@code seq} and {@code sig} are the reading's sequence and signature, {@code latitude}/{@code longitude} its
 * position, and every other key a metric.
 */
@Component
class ThingsBoardPlatformAdapter implements PlatformAdapter {

    static final String PLATFORM = "thingsboard";

    private static final String DEVICE = "device";
    private static final String ENTRY = "entry";
    private static final Set<String> READING_KEYS = Set.of("seq", "sig", "latitude", "longitude");

    @Override
    public String platform() {
        return PLATFORM;
    }

    @Override
    public List<JsonNode> items(JsonNode body) {
        if (!body.isObject()) {
            throw new TelemetryRejectedException(
                    WRONG_TYPE, "body must be an object of device name to telemetry array, was " + body.getNodeType());
        }
        List<JsonNode> items = new ArrayList<>();
        for (Map.Entry<String, JsonNode> device : body.properties()) {
            JsonNode entries = device.getValue();
            List<JsonNode> list = new ArrayList<>();
            if (entries.isArray()) {
                entries.forEach(list::add);
            } else {
                list.add(entries);
            }
            for (JsonNode entry : list) {
                ObjectNode item = JsonNodeFactory.instance.objectNode();
                item.put(DEVICE, device.getKey());
                item.set(ENTRY, entry);
                items.add(item);
            }
        }
        return items;
    }

    @Override
    public ObjectNode toGeneric(JsonNode item) {
        JsonNode entry = item.get(ENTRY);
        if (entry == null || !entry.isObject()) {
            throw new TelemetryRejectedException(
                    WRONG_TYPE, "telemetry of device '%s' must be {\"ts\":..., \"values\":{...}}".formatted(item.path(DEVICE).asText()));
        }
        JsonNode values = entry.get("values");
        if (values == null || !values.isObject()) {
            throw new TelemetryRejectedException(MISSING_FIELD, "values is required and must be an object");
        }
        ObjectNode generic = JsonNodeFactory.instance.objectNode();
        generic.put("deviceId", item.path(DEVICE).asText());
        copy(entry, "ts", generic, "ts");
        copy(values, "seq", generic, "seq");
        copy(values, "sig", generic, "sig");
        copy(values, "latitude", generic, "lat");
        copy(values, "longitude", generic, "lon");
        ObjectNode metrics = generic.putObject("metrics");
        values.properties().forEach(value -> {
            if (!READING_KEYS.contains(value.getKey())) {
                metrics.set(value.getKey(), value.getValue());
            }
        });
        return generic;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(as, value);
        }
    }
}
