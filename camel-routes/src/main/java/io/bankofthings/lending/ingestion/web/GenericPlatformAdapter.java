package io.bankofthings.lending.ingestion.web;

import static io.bankofthings.lending.ingestion.RejectionReason.WRONG_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bankofthings.lending.ingestion.TelemetryRejectedException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The platform's own format ({@code /ingest/generic}): one generic reading object, an array of them, or
 * {@code {"readings": [...]}}.
 */
@Component
class GenericPlatformAdapter implements PlatformAdapter {

    static final String PLATFORM = "generic";

    @Override
    public String platform() {
        return PLATFORM;
    }

    @Override
    public List<JsonNode> items(JsonNode body) {
        JsonNode list = body.isObject() && body.has("readings") ? body.get("readings") : body;
        if (list.isArray()) {
            List<JsonNode> items = new ArrayList<>(list.size());
            list.forEach(items::add);
            return items;
        }
        if (list.isObject()) {
            return List.of(list);
        }
        throw new TelemetryRejectedException(
                WRONG_TYPE, "body must be a reading object, an array of readings or {\"readings\": [...]}, was "
                        + list.getNodeType());
    }

    @Override
    public ObjectNode toGeneric(JsonNode item) {
        if (!item.isObject()) {
            throw new TelemetryRejectedException(WRONG_TYPE, "reading must be a JSON object, was " + item.getNodeType());
        }
        return (ObjectNode) item;
    }
}
