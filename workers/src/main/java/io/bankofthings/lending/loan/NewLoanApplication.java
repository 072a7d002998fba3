package io.bankofthings.lending.loan;

import java.util.List;

/** What a borrower submits: amount in minor units, term in months, at least one collateral item with its devices. */
public record NewLoanApplication(
        String borrowerId,
        String borrowerUsername,
        Applicant applicant,
        long amountMinor,
        String currency,
        int termMonths,
        String purpose,
        RepaymentType repaymentType,
        List<NewCollateral> collateral) {

    /** A collateral item as declared by the borrower; value in minor units of the loan currency. */
    public record NewCollateral(
            CollateralKind kind,
            String description,
            String assetIdentifier,
            long declaredValueMinor,
            CollateralSite site,
            List<BoundDevice> devices) {}
}
