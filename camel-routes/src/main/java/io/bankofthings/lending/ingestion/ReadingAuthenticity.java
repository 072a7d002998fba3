package io.bankofthings.lending.ingestion;

import static io.bankofthings.lending.ingestion.RejectionReason.BAD_SIGNATURE;
import static io.bankofthings.lending.ingestion.RejectionReason.FUTURE_TIMESTAMP;
import static io.bankofthings.lending.ingestion.RejectionReason.REPLAYED;
import static io.bankofthings.lending.ingestion.RejectionReason.STALE_TIMESTAMP;
import static io.bankofthings.lending.ingestion.RejectionReason.UNKNOWN_DEVICE;
import static io.bankofthings.lending.ingestion.RejectionReason.UNSIGNED;

import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Proves a reading authentic: signed with its device's provisioned key, not older than {@code max-age}, not ahead
 * of the clock by more than {@code max-future-skew}, and with a (device, sequence) pair not stored before.
 * Switched off only by {@code lending.ingestion.authenticity=false} (transport tests).
 */
@Component
public class ReadingAuthenticity {

    private final DeviceKeys keys;
    private final SequenceHighWaterMarks sequences;
    private final IngestionSettings settings;
    private final Clock clock;

    /** Checks against the system clock. */
    @Autowired
    public ReadingAuthenticity(DeviceKeys keys, SequenceHighWaterMarks sequences, IngestionSettings settings) {
        this(keys, sequences, settings, Clock.systemUTC());
    }

    ReadingAuthenticity(DeviceKeys keys, SequenceHighWaterMarks sequences, IngestionSettings settings, Clock clock) {
        this.keys = keys;
        this.sequences = sequences;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Returns the reading when it is authentic.
     *
     * @throws TelemetryRejectedException with {@link RejectionReason#UNSIGNED}, {@code UNKNOWN_DEVICE},
     *     {@code BAD_SIGNATURE}, {@code STALE_TIMESTAMP}, {@code FUTURE_TIMESTAMP} or {@code REPLAYED}
     */
    public TelemetryReading verify(SignedReading signed) {
        TelemetryReading reading = signed.reading();
        if (!settings.authenticity()) {
            return reading;
        }
        String signature = signed.signature();
        if (signature == null || signature.isBlank()) {
            throw new TelemetryRejectedException(UNSIGNED, "reading %d of device %s has no sig"
                    .formatted(reading.sequence(), reading.deviceId()));
        }
        byte[] key = keys.keyOf(reading.deviceId()).orElseThrow(() -> new TelemetryRejectedException(
                UNKNOWN_DEVICE, "no key is provisioned for device " + reading.deviceId()));
        if (!ReadingSignatures.verify(key, reading, signature)) {
            throw new TelemetryRejectedException(BAD_SIGNATURE, "sig does not match reading %d of device %s"
                    .formatted(reading.sequence(), reading.deviceId()));
        }
        Instant now = clock.instant();
        if (reading.timestamp().isBefore(now.minus(settings.maxAge()))) {
            throw new TelemetryRejectedException(STALE_TIMESTAMP, "ts %s is older than %s"
                    .formatted(reading.timestamp(), settings.maxAge()));
        }
        if (reading.timestamp().isAfter(now.plus(settings.maxFutureSkew()))) {
            throw new TelemetryRejectedException(FUTURE_TIMESTAMP, "ts %s is more than %s ahead of %s"
                    .formatted(reading.timestamp(), settings.maxFutureSkew(), now));
        }
        if (sequences.isReplay(reading)) {
            throw new TelemetryRejectedException(REPLAYED, "device %s already sent seq %d"
                    .formatted(reading.deviceId(), reading.sequence()));
        }
        return reading;
    }
}
