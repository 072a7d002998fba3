package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.storage.QuarantineStore;
import io.bankofthings.lending.storage.QuarantinedMessage;
import java.time.Instant;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Keeps rejected messages of any transport in quarantine with their reason and counts them. */
@Component
public class TelemetryQuarantine {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryQuarantine.class);
    private static final Pattern LOGGABLE_SOURCE = Pattern.compile("[A-Za-z0-9._:/+-]{1,256}");

    private final QuarantineStore store;
    private final IngestionMetrics metrics;
    private final TelemetrySpool spool;

    /** Writes to {@code store}, or to {@code spool} while S3 is down, and counts in {@code metrics}. */
    public TelemetryQuarantine(QuarantineStore store, IngestionMetrics metrics, TelemetrySpool spool) {
        this.store = store;
        this.metrics = metrics;
        this.spool = spool;
    }

    /**
     * Keeps a rejected webhook reading: in quarantine on S3, or in the PostgreSQL spool while S3 is unreachable (the
     * spool flusher moves it on), so the sender's request does not wait for S3.
     *
     * @param payload the raw rejected input
     * @param source where it came from, e.g. {@code /ingest/thingsboard}
     * @param rejection why it was rejected
     * @param receivedAt when it arrived
     */
    public void quarantineOrSpool(byte[] payload, String source, TelemetryRejectedException rejection, Instant receivedAt) {
        QuarantinedMessage message = new QuarantinedMessage(rejection.getMessage(), source, receivedAt, payload);
        try {
            store.quarantine(message);
        } catch (io.bankofthings.lending.storage.ObjectStoreException s3Down) {
            spool.spoolQuarantined(message);
        }
        metrics.messageQuarantined(rejection.reason());
        LOG.warn("Rejected telemetry from {}: {}", printable(source), rejection.reason());
    }

    private static String printable(String source) {
        return LOGGABLE_SOURCE.matcher(source).matches() ? source : "(unprintable source)";
    }

    /**
     * Stores the rejected {@code payload} with the rejection message as reason; logs the reason code and the key,
     * never the payload or the rejection detail.
     *
     * @param payload the raw message
     * @param source where the message came from, see {@link IngestionHeaders#SOURCE}
     * @param rejection why the message was rejected
     * @param exchange the exchange, whose creation time is the receipt time
     * @return the quarantine object key
     * @throws io.bankofthings.lending.storage.ObjectStoreException when the store is unreachable; retried by the
     *     route's error handler
     */
    public String quarantine(
            @Body byte[] payload,
            @Header(IngestionHeaders.SOURCE) String source,
            @ExchangeProperty(IngestionHeaders.REJECTION) TelemetryRejectedException rejection,
            Exchange exchange) {
        Instant receivedAt = Instant.ofEpochMilli(exchange.getClock().getCreated());
        String key = store.quarantine(new QuarantinedMessage(rejection.getMessage(), source, receivedAt, payload));
        metrics.messageQuarantined(rejection.reason());
        LOG.warn(
                "Rejected telemetry from {}: {}, kept as {}",
                LOGGABLE_SOURCE.matcher(source).matches() ? source : "(unprintable source)",
                rejection.reason(),
                key);
        return key;
    }
}
