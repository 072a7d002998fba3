package io.bankofthings.lending.loan.worker;

import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.processes.LoanProcess;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/** Disburses an approved loan; idempotent by loanId, so a job delivered twice pays once. */
@Component
public class DisburseLoanWorker {

    private final LoanApplicationService loans;

    DisburseLoanWorker(LoanApplicationService loans) {
        this.loans = loans;
    }

    @JobWorker(type = LoanProcess.JOB_DISBURSE_LOAN, fetchVariables = "loanId")
    public Map<String, Object> disburseLoan(@Variable(name = "loanId") String loanId) {
        try (var key = MDC.putCloseable("loanId", loanId)) {
            var posted = loans.disburse(loanId);
            return Map.of("disbursementTransactionId", posted.transactionId());
        }
    }
}
