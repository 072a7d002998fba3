package io.bankofthings.lending.loan;

import io.bankofthings.lending.config.ConditionalOnWorkersRole;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The loan lifecycle's periodic retries, on replicas with the workers role only: start the processes of applications
 * stored while the engine was down, tell the process again about loans repaid while it was unreachable (resuming
 * instances lost with the engine is {@code resume.ProcessResumeSchedule}'s). The work itself stays in the services.
 */
@Component
@ConditionalOnWorkersRole
class LoanSchedules {

    private final LoanProcessStarter starter;
    private final RepaymentService repayments;

    LoanSchedules(LoanProcessStarter starter, RepaymentService repayments) {
        this.starter = starter;
        this.repayments = repayments;
    }

    /** Starts the processes of stored applications that have none yet. */
    @Scheduled(fixedDelayString = "${lending.loans.start-retry-interval:PT5S}",
            initialDelayString = "${lending.loans.start-retry-interval:PT5S}")
    void startPending() {
        starter.startPending();
    }

    /** Tells the process again about loans repaid a while ago that it has not closed. */
    @Scheduled(fixedDelayString = "${lending.loans.repaid-retry-interval:PT1M}",
            initialDelayString = "${lending.loans.repaid-retry-interval:PT1M}")
    void retellRepaid() {
        repayments.retellRepaid();
    }
}
