package io.bankofthings.lending.ingestion.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Translates one IoT platform's webhook body into readings in the generic JSON format of
 * {@link io.bankofthings.lending.ingestion.TelemetryJsonParser}; one implementation per platform, named in the path
 * {@code /ingest/{platform}}.
 *
 * <p>Call order: {@link #items} once per request, then {@link #toGeneric} per item, so one bad item is rejected
 * alone and the others go on.
 */
public interface PlatformAdapter {

    /** Returns the platform name used in the path, lower case, e.g. {@code thingsboard}. */
    String platform();

    /**
     * Returns the items of the body, one per reading, in order.
     *
     * @throws io.bankofthings.lending.ingestion.TelemetryRejectedException when the body does not have the
     *     platform's envelope
     */
    List<JsonNode> items(JsonNode body);

    /**
     * Returns one item as a generic reading ({@code deviceId}, {@code ts}, {@code seq}, {@code lat}, {@code lon},
     * {@code sig}, {@code metrics}).
     *
     * @throws io.bankofthings.lending.ingestion.TelemetryRejectedException when the item lacks what a reading needs
     */
    ObjectNode toGeneric(JsonNode item);
}
