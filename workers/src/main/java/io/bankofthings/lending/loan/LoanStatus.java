package io.bankofthings.lending.loan;

import java.util.Set;

/**
 * Where a loan application or loan stands. Final states are REJECTED, DECLINED, EXPIRED and CLOSED; a DISBURSED loan is
 * being repaid.
 */
public enum LoanStatus {
    SUBMITTED,
    IDENTITY_VERIFIED,
    COLLATERAL_REGISTERED,
    SCORED,
    REFERRED,
    APPROVED,
    REJECTED,
    OFFERED,
    ACCEPTED,
    DECLINED,
    EXPIRED,
    LIEN_REGISTERED,
    DISBURSED,
    REPAID,
    LIEN_RELEASED,
    CLOSED;

    static final Set<LoanStatus> FINAL = Set.of(REJECTED, DECLINED, EXPIRED, CLOSED);

    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /** Whether money has been paid out (and the lien stands until the loan is closed). */
    public boolean isFunded() {
        return this == DISBURSED || this == REPAID || this == LIEN_RELEASED || this == CLOSED;
    }
}
