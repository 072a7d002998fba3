package io.bankofthings.lending.loan;

import java.time.LocalDate;

/**
 * An instalment as stored, with what was paid on it; amounts in minor units.
 *
 * @param paidOn     the day it was paid in full, null while open
 * @param daysPastDue for an open instalment the days since its due date (0 if not due yet); for a paid one the days
 *                   it was paid late (0 if on time)
 */
public record ScheduledInstallment(
        int seq,
        LocalDate dueDate,
        long principalMinor,
        long interestMinor,
        long paidPrincipalMinor,
        long paidInterestMinor,
        long waivedInterestMinor,
        LocalDate paidOn,
        long daysPastDue) {

    public long totalMinor() {
        return principalMinor + interestMinor;
    }

    public long openPrincipalMinor() {
        return principalMinor - paidPrincipalMinor;
    }

    public long openInterestMinor() {
        return interestMinor - paidInterestMinor - waivedInterestMinor;
    }

    public boolean isPaid() {
        return paidOn != null;
    }
}
