package io.bankofthings.lending.monitoring;

import java.time.Instant;

/**
 * A disbursed loan under monitoring; amounts in minor units of {@code currency}.
 *
 * @param status ACTIVE while the loan runs, CLOSED once repaid or written off
 * @param ltvLimit highest loan-to-value allowed, e.g. 0.8
 */
public record Enrolment(
        String loanId, String borrowerId, String status, long loanAmountMinor, String currency, double ltvLimit,
        Instant enrolledAt) {

    public static final String ACTIVE = "ACTIVE";
    public static final String CLOSED = "CLOSED";

    public boolean active() {
        return ACTIVE.equals(status);
    }
}
