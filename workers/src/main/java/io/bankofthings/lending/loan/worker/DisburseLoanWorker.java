package io.bankofthings.lending.loan.worker;

import io.bankofthings.lending.loan.LoanLifecycleService;
import io.bankofthings.lending.processes.LoanProcess;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/** Disburses a loan with a registered lien and stores its schedule; idempotent by loanId, so a job delivered twice pays once. */
@Component
public class DisburseLoanWorker {

    private final LoanLifecycleService loans;

    DisburseLoanWorker(LoanLifecycleService loans) {
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
