package io.bankofthings.lending.loan;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A loan application, later the loan, as stored; amounts in minor units of {@code currency}.
 *
 * @param scoreFactors       points per factor of the objective credit score, null until scored
 * @param scoreExplanation   the same factors with their reasons, null until scored
 * @param valuation          per-item valuation, null until decided
 * @param maxLoanMinor       the collateral's lending limit, null until decided
 * @param approvedAmountMinor what the bank lends (the request capped at the lending limit), null until approved
 * @param annualRateBps      nominal annual interest rate in basis points, null until offered
 */
public record LoanApplication(
        String loanId,
        String borrowerId,
        String borrowerUsername,
        Applicant applicant,
        long amountMinor,
        String currency,
        int termMonths,
        String purpose,
        RepaymentType repaymentType,
        LoanStatus status,
        Integer score,
        Map<String, Integer> scoreFactors,
        List<ScoreFactor> scoreExplanation,
        String decision,
        String decisionReason,
        String decidedBy,
        List<CollateralValuation> valuation,
        Long maxLoanMinor,
        Long approvedAmountMinor,
        Integer annualRateBps,
        Instant offerExpiresAt,
        Instant escalatedAt,
        String lienFilingNumber,
        String closureReason,
        Instant closedAt,
        Long processInstanceKey,
        Instant createdAt,
        Instant updatedAt,
        List<CollateralItem> collateral) {

    public long collateralValueMinor() {
        return collateral.stream().mapToLong(CollateralItem::declaredValueMinor).sum();
    }

    /** The amount paid out: the approved amount, or the requested one for an application approved before capping. */
    public long principalMinor() {
        return approvedAmountMinor != null && approvedAmountMinor > 0 ? approvedAmountMinor : amountMinor;
    }

    LoanApplication withCollateral(List<CollateralItem> items) {
        return new LoanApplication(loanId, borrowerId, borrowerUsername, applicant, amountMinor, currency, termMonths,
                purpose, repaymentType, status, score, scoreFactors, scoreExplanation, decision, decisionReason, decidedBy,
                valuation, maxLoanMinor, approvedAmountMinor, annualRateBps, offerExpiresAt, escalatedAt, lienFilingNumber,
                closureReason, closedAt, processInstanceKey, createdAt, updatedAt, items);
    }
}
