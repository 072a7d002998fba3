package io.bankofthings.lending.loan.worker;

import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.processes.LoanProcess;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Records the decision of the loan-decision table, or of the underwriter who completed the review task (who then
 * sets {@code decidedBy}).
 */
@Component
public class RecordDecisionWorker {

    static final String DECISION_TABLE_ACTOR = "dmn:" + LoanProcess.DECISION_ID;

    private final LoanApplicationService loans;

    RecordDecisionWorker(LoanApplicationService loans) {
        this.loans = loans;
    }

    @JobWorker(type = LoanProcess.JOB_RECORD_DECISION, fetchVariables = {"loanId", "decision", "decidedBy"})
    public void recordDecision(
            @Variable(name = "loanId") String loanId,
            @Variable(name = "decision") Map<String, Object> decision,
            @Variable(name = "decidedBy", optional = true) String decidedBy) {
        try (var key = MDC.putCloseable("loanId", loanId)) {
            loans.recordDecision(
                    loanId,
                    (String) decision.get("outcome"),
                    (String) decision.get("reason"),
                    decidedBy == null ? DECISION_TABLE_ACTOR : decidedBy);
        }
    }
}
