package io.bankofthings.lending.loan;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A loan application and its decision as stored; amounts in minor units of {@code currency}.
 *
 * @param scoreFactors per-factor explanation of the objective credit score, null until scored
 */
public record LoanApplication(
        String loanId,
        String borrowerId,
        String borrowerUsername,
        long amountMinor,
        String currency,
        int termMonths,
        String purpose,
        LoanStatus status,
        Integer score,
        Map<String, Integer> scoreFactors,
        String decision,
        String decisionReason,
        String decidedBy,
        Long processInstanceKey,
        Instant createdAt,
        Instant updatedAt,
        List<CollateralItem> collateral) {

    public long collateralValueMinor() {
        return collateral.stream().mapToLong(CollateralItem::declaredValueMinor).sum();
    }
}
