package io.bankofthings.lending.monitoring;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How far the responses to an alert went, read from the tables they write (not from the process).
 *
 * @param conditionResolvedAt when the telemetry saw the condition end (an open investigation is then cleared)
 * @param marginCallDeadline the deadline of the alert's margin call, if one was issued
 * @param marginCallStatus OPEN, MET, EXPIRED or CLOSED, if a margin call was issued
 * @param borrowerWarned whether the borrower notification of the alert exists
 * @param frozen whether the alert froze the loan's credit line (released or not)
 */
public record AlertProgress(
        @Nullable Instant conditionResolvedAt,
        @Nullable Instant marginCallDeadline,
        @Nullable String marginCallStatus,
        boolean borrowerWarned,
        boolean frozen) {

    /** Whether a margin call was issued and waits for the cover or its deadline. */
    public boolean marginCallOpen() {
        return "OPEN".equals(marginCallStatus) && marginCallDeadline != null;
    }
}
