package io.bankofthings.lending.web.loan;

import io.bankofthings.lending.loan.CollateralItem;
import io.bankofthings.lending.loan.LoanApplication;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the API shows of an application: its status, decision and score factors, never internal keys. */
public record LoanApplicationView(
        String loanId,
        String status,
        long amountMinor,
        String currency,
        int termMonths,
        String purpose,
        Integer score,
        Map<String, Integer> scoreFactors,
        String decision,
        String decisionReason,
        String decidedBy,
        Instant createdAt,
        Instant updatedAt,
        List<CollateralItem> collateral) {

    static LoanApplicationView of(LoanApplication a) {
        return new LoanApplicationView(a.loanId(), a.status().name(), a.amountMinor(), a.currency(), a.termMonths(),
                a.purpose(), a.score(), a.scoreFactors(), a.decision(), a.decisionReason(), a.decidedBy(),
                a.createdAt(), a.updatedAt(), a.collateral());
    }
}
