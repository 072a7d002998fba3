package io.bankofthings.lending.loan;

import java.time.LocalDate;

/**
 * One planned monthly instalment of a repayment schedule; amounts in minor units.
 *
 * @param seq 1-based position in the schedule
 */
public record Installment(int seq, LocalDate dueDate, long principalMinor, long interestMinor) {

    public long totalMinor() {
        return principalMinor + interestMinor;
    }
}
