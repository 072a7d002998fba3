package io.bankofthings.lending.ingestion;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook and authenticity settings, bound from {@code lending.ingestion.*}; every secret comes from the environment
 * and none is logged ({@link #toString()} names the platforms only).
 *
 * @param platformSecrets shared secret per webhook platform name, e.g. {@code LENDING_INGESTION_PLATFORMSECRETS_THINGSBOARD};
 *     a platform without a secret is refused
 * @param masterKey base64 of the 32-byte AES key that encrypts device keys at rest
 *     ({@code LENDING_INGESTION_MASTER_KEY}), or null to use {@code masterKeyFile}
 * @param masterKeyFile file holding the base64 master key, created with a random key when missing (embedded runtime
 *     only), or null
 * @param authenticity whether readings must be signed, fresh and not replayed; only tests of the transport switch it
 *     off
 * @param maxAge how old a reading may be when it arrives
 * @param maxFutureSkew how far a reading's timestamp may lie ahead of the platform clock
 * @param maxBatchReadings readings one webhook request may carry at most
 * @param spoolFlushInterval how often readings spooled during an S3 outage are retried
 * @param spoolFlushBatch spooled rows moved to S3 per flush at most
 */
@ConfigurationProperties("lending.ingestion")
public record IngestionSettings(
        @DefaultValue Map<String, String> platformSecrets,
        @Nullable String masterKey,
        @Nullable String masterKeyFile,
        @DefaultValue("true") boolean authenticity,
        @DefaultValue("30d") Duration maxAge,
        @DefaultValue("5m") Duration maxFutureSkew,
        @DefaultValue("5000") int maxBatchReadings,
        @DefaultValue("5s") Duration spoolFlushInterval,
        @DefaultValue("5000") int spoolFlushBatch) {

    /** Checks the ranges and drops blank secrets. */
    public IngestionSettings {
        Map<String, String> secrets = new TreeMap<>();
        platformSecrets.forEach((platform, secret) -> {
            if (secret != null && !secret.isBlank()) {
                secrets.put(platform.toLowerCase(java.util.Locale.ROOT), secret);
            }
        });
        platformSecrets = Map.copyOf(secrets);
        masterKey = masterKey == null || masterKey.isBlank() ? null : masterKey;
        masterKeyFile = masterKeyFile == null || masterKeyFile.isBlank() ? null : masterKeyFile;
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("lending.ingestion.max-age must be positive: " + maxAge);
        }
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("lending.ingestion.max-future-skew must not be negative: " + maxFutureSkew);
        }
        if (maxBatchReadings < 1) {
            throw new IllegalArgumentException("lending.ingestion.max-batch-readings must be positive: " + maxBatchReadings);
        }
        if (spoolFlushBatch < 1) {
            throw new IllegalArgumentException("lending.ingestion.spool-flush-batch must be positive: " + spoolFlushBatch);
        }
    }

    @Override
    public String toString() {
        return "IngestionSettings[platforms=%s, masterKey=%s, masterKeyFile=%s, authenticity=%s, maxAge=%s, maxFutureSkew=%s]"
                .formatted(platformSecrets.keySet(), masterKey == null ? "unset" : "set", masterKeyFile, authenticity,
                        maxAge, maxFutureSkew);
    }
}
