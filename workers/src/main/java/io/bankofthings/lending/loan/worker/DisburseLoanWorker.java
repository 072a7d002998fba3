package io.bankofthings.lending.loan.worker;

import io.bankofthings.lending.loan.LoanLifecycleService;
import io.bankofthings.lending.monitoring.LoanMonitoring;
import io.bankofthings.lending.processes.LoanProcess;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Disburses a loan with a registered lien, stores its schedule and enrols it in post-loan monitoring; all idempotent by
 * loanId, so a job delivered twice pays once and enrols once. A frozen credit line ({@code CreditLineFrozenException})
 * fails the job, which retries until the freeze is released or becomes an incident.
 */
@Component
public class DisburseLoanWorker {

    private final LoanLifecycleService loans;
    private final LoanMonitoring monitoring;

    DisburseLoanWorker(LoanLifecycleService loans, LoanMonitoring monitoring) {
        this.loans = loans;
        this.monitoring = monitoring;
    }

    @JobWorker(type = LoanProcess.JOB_DISBURSE_LOAN, fetchVariables = "loanId")
    public Map<String, Object> disburseLoan(@Variable(name = "loanId") String loanId) {
        try (var key = MDC.putCloseable("loanId", loanId)) {
            var posted = loans.disburse(loanId);
            monitoring.startFor(loanId);
            return Map.of("disbursementTransactionId", posted.transactionId());
        }
    }
}
