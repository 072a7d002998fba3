package io.bankofthings.lending.ingestion;

import io.bankofthings.lending.storage.TelemetryReading;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A parsed reading with the signature it arrived with, before the signature is checked.
 *
 * @param reading the reading in canonical form
 * @param signature hex HMAC-SHA256 over {@link ReadingSignatures#canonical}, or null when the reading came unsigned
 */
public record SignedReading(TelemetryReading reading, @Nullable String signature) {

    /** Checks that the reading is given. */
    public SignedReading {
        Objects.requireNonNull(reading, "reading");
    }
}
