package io.bankofthings.lending.crosscheck;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One mark of a reading by the cross-check: a gate sighting's verdict against one tracker ({@code subject}
 * SIGHTING), or for a disagreement the same verdict on the tracker's reading ({@code subject} POSITION).
 *
 * @param deviceId the marked reading's device
 * @param sequence the marked reading's sequence
 * @param readingAt the marked reading's timestamp
 * @param otherDeviceId the other source's device
 * @param otherSequence the other source's reading compared with, or null (TRACKER_OFFLINE)
 * @param otherReadingAt its timestamp, or null
 * @param distanceMeters distance between the two positions (AGREE, DISAGREE), else null
 * @param toleranceMeters the tolerance applied, in metres
 * @param timeGapSeconds from the sighting to the tracker reading in seconds, negative when the tracker's came first;
 *     null without one
 */
public record CrossCheckMark(
        String collateralId,
        String loanId,
        String deviceId,
        long sequence,
        Instant readingAt,
        String subject,
        String otherDeviceId,
        @Nullable Long otherSequence,
        @Nullable Instant otherReadingAt,
        CrossCheckOutcome outcome,
        @Nullable Double distanceMeters,
        double toleranceMeters,
        @Nullable Double timeGapSeconds,
        Instant markedAt) {}
