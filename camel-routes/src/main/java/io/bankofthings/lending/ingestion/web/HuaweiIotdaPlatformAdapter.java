package io.bankofthings.lending.ingestion.web;

import static io.bankofthings.lending.ingestion.RejectionReason.INVALID_TIMESTAMP;
import static io.bankofthings.lending.ingestion.RejectionReason.MISSING_FIELD;
import static io.bankofthings.lending.ingestion.RejectionReason.WRONG_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bankofthings.lending.ingestion.TelemetryRejectedException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Huawei Cloud IoTDA's data forwarding push of device property reports ({@code /ingest/iotda}):
 * {@code {"resource":"device.property","event":"report","notify_data":{"header":{"device_id":...},
 * "body":{"services":[{"service_id":...,"properties":{...},"event_time":"20261201T101500Z"}]}}}}, or an array of
 * such messages. Each service entry is one reading; in {@code properties}, {@code seq} and {@code sig} are the
 * sequence and signature, {@code latitude}/{@code longitude} the position, and every other key a metric.
 */
@Component
class HuaweiIotdaPlatformAdapter implements PlatformAdapter {

    static final String PLATFORM = "iotda";

    /** IoTDA's compact UTC time format, e.g. {@code 20261201T101500Z}. */
    static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private static final Set<String> READING_KEYS = Set.of("seq", "sig", "latitude", "longitude");

    @Override
    public String platform() {
        return PLATFORM;
    }

    @Override
    public List<JsonNode> items(JsonNode body) {
        List<JsonNode> messages = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(messages::add);
        } else {
            messages.add(body);
        }
        List<JsonNode> items = new ArrayList<>();
        for (JsonNode message : messages) {
            JsonNode header = message.path("notify_data").path("header");
            JsonNode services = message.path("notify_data").path("body").path("services");
            if (!header.isObject() || !services.isArray()) {
                throw new TelemetryRejectedException(
                        MISSING_FIELD, "notify_data.header and notify_data.body.services are required");
            }
            for (JsonNode service : services) {
                ObjectNode item = JsonNodeFactory.instance.objectNode();
                item.set("header", header);
                item.set("service", service);
                item.set("event_time", message.get("event_time"));
                items.add(item);
            }
        }
        return items;
    }

    @Override
    public ObjectNode toGeneric(JsonNode item) {
        JsonNode header = item.path("header");
        JsonNode service = item.path("service");
        JsonNode properties = service.path("properties");
        if (!properties.isObject()) {
            throw new TelemetryRejectedException(WRONG_TYPE, "service properties must be an object");
        }
        ObjectNode generic = JsonNodeFactory.instance.objectNode();
        if (header.hasNonNull("device_id")) {
            generic.set("deviceId", header.get("device_id"));
        }
        JsonNode eventTime = service.hasNonNull("event_time") ? service.get("event_time") : item.get("event_time");
        if (eventTime != null && eventTime.isTextual()) {
            generic.put("ts", isoInstant(eventTime.textValue()));
        }
        copy(properties, "seq", generic, "seq");
        copy(properties, "sig", generic, "sig");
        copy(properties, "latitude", generic, "lat");
        copy(properties, "longitude", generic, "lon");
        ObjectNode metrics = generic.putObject("metrics");
        properties.properties().forEach(value -> {
            if (!READING_KEYS.contains(value.getKey())) {
                metrics.set(value.getKey(), value.getValue());
            }
        });
        return generic;
    }

    private static String isoInstant(String eventTime) {
        if (eventTime.contains("-")) {
            return eventTime;
        }
        try {
            return LocalDateTime.parse(eventTime, EVENT_TIME).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            throw new TelemetryRejectedException(
                    INVALID_TIMESTAMP, "event_time '%s' is not yyyyMMddTHHmmssZ".formatted(
                            eventTime.length() <= 32 ? eventTime : eventTime.substring(0, 32)));
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(as, value);
        }
    }
}
