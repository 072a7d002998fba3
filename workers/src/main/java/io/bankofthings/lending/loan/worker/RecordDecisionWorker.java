package io.bankofthings.lending.loan.worker;

import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.CollateralValuation;
import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.processes.LoanProcess;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Records the decision of the loan-decision table, or of the underwriter who completed the review task (who then
 * sets {@code decidedBy}), with the collateral valuation. An underwriter's approval lends the table's capped amount.
 */
@Component
public class RecordDecisionWorker {

    static final String DECISION_TABLE_ACTOR = "dmn:" + LoanProcess.DECISION_ID;

    private final LoanApplicationService loans;

    RecordDecisionWorker(LoanApplicationService loans) {
        this.loans = loans;
    }

    @JobWorker(type = LoanProcess.JOB_RECORD_DECISION,
            fetchVariables = {"loanId", "decision", "decidedBy", "valuations", "maxLoanMinor", "amountMinor"})
    public void recordDecision(
            @Variable(name = "loanId") String loanId,
            @Variable(name = "decision") Map<String, Object> decision,
            @Variable(name = "decidedBy", optional = true) String decidedBy,
            @Variable(name = "valuations", optional = true) List<Map<String, Object>> valuations,
            @Variable(name = "maxLoanMinor", optional = true) Number maxLoanMinor,
            @Variable(name = "amountMinor") Number amountMinor) {
        try (var key = MDC.putCloseable("loanId", loanId)) {
            Long approved = decision.get("approvedAmountMinor") instanceof Number n && n.longValue() > 0
                    ? n.longValue()
                    : maxLoanMinor == null ? amountMinor.longValue() : Math.min(amountMinor.longValue(), maxLoanMinor.longValue());
            loans.recordDecision(
                    loanId,
                    (String) decision.get("outcome"),
                    (String) decision.get("reason"),
                    decidedBy == null ? DECISION_TABLE_ACTOR : decidedBy,
                    approved,
                    valuations == null ? null : valuations.stream().map(RecordDecisionWorker::valuation).toList(),
                    maxLoanMinor == null ? null : maxLoanMinor.longValue());
        }
    }

    static CollateralValuation valuation(Map<String, Object> v) {
        return new CollateralValuation(
                (String) v.get("collateralId"),
                CollateralKind.valueOf((String) v.get("kind")),
                ((Number) v.get("marketValueMinor")).longValue(),
                ((Number) v.get("haircut")).doubleValue(),
                ((Number) v.get("ltvCap")).doubleValue(),
                ((Number) v.get("lendingValueMinor")).longValue(),
                ((Number) v.get("maxLoanMinor")).longValue());
    }
}
