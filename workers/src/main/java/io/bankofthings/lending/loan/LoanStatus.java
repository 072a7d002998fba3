package io.bankofthings.lending.loan;

/** Where a loan application stands; final states are REJECTED and DISBURSED (for this stage of the platform). */
public enum LoanStatus {
    SUBMITTED,
    SCORED,
    REFERRED,
    APPROVED,
    REJECTED,
    DISBURSED;

    public boolean isFinal() {
        return this == REJECTED || this == DISBURSED;
    }
}
