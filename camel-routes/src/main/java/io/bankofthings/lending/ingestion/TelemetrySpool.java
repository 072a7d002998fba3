package io.bankofthings.lending.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.storage.ObjectStoreException;
import io.bankofthings.lending.storage.QuarantineStore;
import io.bankofthings.lending.storage.QuarantinedMessage;
import io.bankofthings.lending.storage.TelemetryBatchStored;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import io.bankofthings.lending.storage.TelemetryReading;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps accepted readings and quarantine envelopes in PostgreSQL ({@code ingestion_spool}) while S3 is unreachable,
 * and moves them to S3 when it is back ({@link #flush()}, called by {@link TelemetrySpoolRoute}).
 *
 * <p>A flush writes one Parquet batch whose id derives from the spooled row ids, then deletes the rows in the same
 * transaction; a crash between the two writes the same rows again later (readers remove duplicates by device and
 * sequence), so nothing spooled is lost.
 */
@Component
public class TelemetrySpool {

    static final String READING = "READING";
    static final String QUARANTINE = "QUARANTINE";

    private static final Logger LOG = LoggerFactory.getLogger(TelemetrySpool.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final TelemetryJsonParser parser;
    private final TelemetryParquetWriter writer;
    private final QuarantineStore quarantine;
    private final IngestionMetrics metrics;
    private final int flushBatch;

    /** Spools in the database of {@code jdbc} and flushes through {@code writer} and {@code quarantine}. */
    public TelemetrySpool(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager,
            TelemetryJsonParser parser,
            TelemetryParquetWriter writer,
            QuarantineStore quarantine,
            IngestionMetrics metrics,
            IngestionSettings settings) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.parser = parser;
        this.writer = writer;
        this.quarantine = quarantine;
        this.metrics = metrics;
        this.flushBatch = settings.spoolFlushBatch();
        metrics.registerSpool(ignored -> size(), this::oldestAge);
    }

    /** Keeps {@code readings} durably until they reach Parquet. */
    public void spoolReadings(List<TelemetryReading> readings) {
        List<Object[]> rows = readings.stream()
                .map(reading -> new Object[] {READING, TelemetryJson.toBytes(reading, null)})
                .toList();
        jdbc.batchUpdate("insert into ingestion_spool (kind, body) values (?, ?)", rows);
        LOG.warn("S3 unreachable: spooled {} readings in PostgreSQL", readings.size());
    }

    /** Keeps a quarantine envelope durably until it reaches the quarantine prefix. */
    public void spoolQuarantined(QuarantinedMessage message) {
        Map<String, String> body = Map.of(
                "reason", message.reason(),
                "source", message.source(),
                "receivedAt", message.receivedAt().toString(),
                "payload", Base64.getEncoder().encodeToString(message.payload()));
        try {
            jdbc.update("insert into ingestion_spool (kind, body) values (?, ?)", QUARANTINE, JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write a quarantine envelope to the spool", e);
        }
    }

    /** Returns the number of spooled rows. */
    public long size() {
        Long count = jdbc.queryForObject("select count(*) from ingestion_spool", Long.class);
        return count == null ? 0 : count;
    }

    /** Returns how long the oldest spooled row has waited, or zero with an empty spool. */
    public Duration oldestAge() {
        java.sql.Timestamp oldest = jdbc.queryForObject("select min(received_at) from ingestion_spool", java.sql.Timestamp.class);
        return oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), Instant.now());
    }

    /**
     * Flushes batch after batch until the spool is empty or S3 refuses.
     *
     * @return the number of rows moved
     */
    public int flushAll() {
        int total = 0;
        for (int moved = flush(); moved > 0; moved = flush()) {
            total += moved;
        }
        return total;
    }

    /**
     * Moves up to {@code spool-flush-batch} spooled rows to S3 and deletes them; keeps them when S3 is still
     * unreachable.
     *
     * @return the number of rows moved
     */
    public int flush() {
        try {
            Integer moved = transactions.execute(status -> flushLocked());
            return moved == null ? 0 : moved;
        } catch (ObjectStoreException e) {
            LOG.warn("Spool not flushed, S3 still unreachable: {}", e.getMessage());
            return 0;
        }
    }

    private int flushLocked() {
        record Row(long id, String kind, byte[] body) {}
        List<Row> rows = jdbc.query(
                "select id, kind, body from ingestion_spool order by id limit ? for update skip locked",
                (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getBytes(3)),
                flushBatch);
        if (rows.isEmpty()) {
            return 0;
        }
        List<TelemetryReading> readings = new ArrayList<>();
        List<QuarantinedMessage> quarantined = new ArrayList<>();
        for (Row row : rows) {
            if (READING.equals(row.kind())) {
                readings.add(parser.parse(row.body(), null));
            } else {
                quarantined.add(quarantineEnvelope(row.body()));
            }
        }
        if (!readings.isEmpty()) {
            TelemetryBatchStored stored = writer.write(
                    "spool-%d-%d".formatted(rows.getFirst().id(), rows.getLast().id()), readings);
            metrics.batchStored(stored);
        }
        for (QuarantinedMessage message : quarantined) {
            quarantine.quarantine(message);
        }
        jdbc.batchUpdate("delete from ingestion_spool where id = ?",
                rows.stream().map(row -> new Object[] {row.id()}).toList());
        LOG.info("Flushed {} spooled readings and {} quarantine envelopes to S3", readings.size(), quarantined.size());
        return rows.size();
    }

    private static QuarantinedMessage quarantineEnvelope(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return new QuarantinedMessage(
                    node.required("reason").asText(),
                    node.required("source").asText(),
                    Instant.parse(node.required("receivedAt").asText()),
                    Base64.getDecoder().decode(node.required("payload").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable quarantine envelope in the spool", e);
        }
    }
}
