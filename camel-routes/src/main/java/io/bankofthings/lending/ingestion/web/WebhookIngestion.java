package io.bankofthings.lending.ingestion.web;

import static io.bankofthings.lending.ingestion.RejectionReason.PAYLOAD_TOO_LARGE;
import static io.bankofthings.lending.ingestion.RejectionReason.UNEXPECTED_SOURCE;

import com.fasterxml.jackson.databind.JsonNode;
import io.bankofthings.lending.ingestion.IngestionHeaders;
import io.bankofthings.lending.ingestion.IngestionSettings;
import io.bankofthings.lending.ingestion.ReadingAuthenticity;
import io.bankofthings.lending.ingestion.TelemetryBatchStore;
import io.bankofthings.lending.ingestion.TelemetryJsonParser;
import io.bankofthings.lending.ingestion.TelemetryQuarantine;
import io.bankofthings.lending.ingestion.TelemetryRejectedException;
import io.bankofthings.lending.storage.TelemetryReading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ingests one webhook request of an authenticated platform: its adapter splits and translates the body, each
 * reading is parsed and proven authentic, rejects go to quarantine with their reason, and the accepted readings are
 * durable (Parquet, or the spool during an S3 outage) before this returns. Called by {@link TelemetryWebhookRoute}.
 */
@Component
public class WebhookIngestion {

    /** Largest accepted request body, in bytes. */
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIngestion.class);

    private final Map<String, PlatformAdapter> adapters;
    private final TelemetryJsonParser parser;
    private final ReadingAuthenticity authenticity;
    private final TelemetryQuarantine quarantine;
    private final TelemetryBatchStore store;
    private final io.bankofthings.lending.ingestion.StoredReadingsNotifier stored;
    private final int maxBatchReadings;

    /** Ingests with the given adapters (one per platform), parser, checks, quarantine and store; tells {@code stored}. */
    public WebhookIngestion(
            List<PlatformAdapter> adapters,
            TelemetryJsonParser parser,
            ReadingAuthenticity authenticity,
            TelemetryQuarantine quarantine,
            TelemetryBatchStore store,
            io.bankofthings.lending.ingestion.StoredReadingsNotifier stored,
            IngestionSettings settings) {
        this.adapters = adapters.stream().collect(Collectors.toUnmodifiableMap(PlatformAdapter::platform, Function.identity()));
        this.parser = parser;
        this.authenticity = authenticity;
        this.quarantine = quarantine;
        this.store = store;
        this.stored = stored;
        this.maxBatchReadings = settings.maxBatchReadings();
    }

    /** Returns whether a platform of this name has an adapter. */
    public boolean supports(String platform) {
        return adapters.containsKey(platform.toLowerCase(Locale.ROOT));
    }

    /**
     * Ingests {@code body} sent by {@code platform}.
     *
     * @param platform platform name from the path, already authenticated
     * @param body the raw request body
     * @param source the request path, recorded with quarantined input
     * @return the readings accepted and rejected
     * @throws WebhookRejectedException when the body is unreadable or every reading in it was rejected
     */
    public WebhookReceipt ingest(
            @Header(TelemetryWebhookRoute.PLATFORM) String platform,
            @Body byte[] body,
            @Header(IngestionHeaders.SOURCE) String source) {
        Instant receivedAt = Instant.now();
        PlatformAdapter adapter = adapters.get(platform.toLowerCase(Locale.ROOT));
        List<JsonNode> items;
        try {
            if (adapter == null) {
                throw new TelemetryRejectedException(UNEXPECTED_SOURCE, "no adapter for platform '%s'".formatted(platform));
            }
            items = adapter.items(parser.readTree(body, MAX_BODY_BYTES));
            if (items.size() > maxBatchReadings) {
                throw new TelemetryRejectedException(PAYLOAD_TOO_LARGE,
                        "%d readings in one request, limit %d".formatted(items.size(), maxBatchReadings));
            }
            if (items.isEmpty()) {
                throw new TelemetryRejectedException(
                        io.bankofthings.lending.ingestion.RejectionReason.MISSING_FIELD, "the request holds no reading");
            }
        } catch (TelemetryRejectedException e) {
            quarantine.quarantineOrSpool(body, source, e, receivedAt);
            throw new WebhookRejectedException(e.reason(), e.getMessage(), List.of(rejection(-1, e)));
        }
        List<TelemetryReading> readings = new ArrayList<>(items.size());
        List<WebhookReceipt.Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            try {
                readings.add(authenticity.verify(parser.read(adapter.toGeneric(item), null)));
            } catch (TelemetryRejectedException e) {
                quarantine.quarantineOrSpool(item.toString().getBytes(StandardCharsets.UTF_8), source, e, receivedAt);
                rejected.add(rejection(i, e));
            }
        }
        if (readings.isEmpty()) {
            WebhookReceipt.Rejection first = rejected.getFirst();
            throw new WebhookRejectedException(first.reason(),
                    "%s: %s".formatted(first.reason(), first.detail()), rejected);
        }
        List<TelemetryReading> unique = TelemetryBatchStore.withoutDuplicates(readings);
        TelemetryBatchStore.Outcome outcome = store.storeOrSpool(UUID.randomUUID().toString(), unique);
        // durable either way (Parquet or the spool): the alert rules see webhook readings as they see MQTT ones
        stored.notifyStored(unique);
        LOG.info("Webhook {}: {} readings accepted ({}), {} duplicates, {} rejected", adapter.platform(), unique.size(),
                outcome, readings.size() - unique.size(), rejected.size());
        return new WebhookReceipt(
                adapter.platform(), items.size(), unique.size(), readings.size() - unique.size(), outcome, rejected);
    }

    private static WebhookReceipt.Rejection rejection(int index, TelemetryRejectedException e) {
        String message = e.getMessage();
        String prefix = e.reason() + ": ";
        return new WebhookReceipt.Rejection(index, e.reason(),
                message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : String.valueOf(message));
    }
}
