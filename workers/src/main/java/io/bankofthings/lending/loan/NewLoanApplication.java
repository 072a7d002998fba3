package io.bankofthings.lending.loan;

import java.util.List;

/** What a borrower submits: amount in minor units, term in months, at least one collateral item. */
public record NewLoanApplication(
        String borrowerId,
        String borrowerUsername,
        long amountMinor,
        String currency,
        int termMonths,
        String purpose,
        List<NewCollateral> collateral) {

    /** A collateral item as declared by the borrower; value in minor units of the loan currency. */
    public record NewCollateral(CollateralKind kind, String description, long declaredValueMinor, String deviceId) {}
}
