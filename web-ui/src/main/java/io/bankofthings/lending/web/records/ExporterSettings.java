package io.bankofthings.lending.web.records;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The broker exporter's access to {@code POST /internal/engine-records}.
 *
 * @param secret the shared secret the exporter sends as {@code Authorization: Exporter <secret>}; from the
 *     environment ({@code LENDING_EXPORTER_SECRET}); blank turns the endpoint off (every request gets 401)
 * @param maxBatchBytes the largest batch accepted, in bytes; default 16 MiB
 */
@ConfigurationProperties("lending.exporter")
public record ExporterSettings(String secret, Long maxBatchBytes) {

    public static final long DEFAULT_MAX_BATCH_BYTES = 16L * 1024 * 1024;

    public ExporterSettings {
        if (maxBatchBytes == null) {
            maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
        }
        if (maxBatchBytes < 1024) {
            throw new IllegalArgumentException("lending.exporter.max-batch-bytes must be at least 1024, was " + maxBatchBytes);
        }
    }

    public boolean enabled() {
        return secret != null && !secret.isBlank();
    }
}
