package io.bankofthings.lending.loan.worker;

import io.bankofthings.lending.collateral.LienRegistry;
import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.loan.LoanLifecycleService;
import io.bankofthings.lending.loan.LoanSettings;
import io.bankofthings.lending.monitoring.LoanMonitoring;
import io.bankofthings.lending.processes.LoanProcess;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The thin workers of the loan's life after the decision: escalation, offer, answer, expiry, lien, release and
 * closing. Each calls one idempotent service step; any exception is technical and retried.
 */
@Component
public class LoanLifecycleWorkers {

    private final LoanApplicationService applications;
    private final LoanLifecycleService loans;
    private final LienRegistry liens;
    private final LoanSettings settings;
    private final LoanMonitoring monitoring;

    LoanLifecycleWorkers(LoanApplicationService applications, LoanLifecycleService loans, LienRegistry liens,
            LoanSettings settings, LoanMonitoring monitoring) {
        this.applications = applications;
        this.loans = loans;
        this.liens = liens;
        this.settings = settings;
        this.monitoring = monitoring;
    }

    @JobWorker(type = LoanProcess.JOB_ESCALATE_REVIEW, fetchVariables = {"loanId", "reviewSla"})
    public void escalateReview(@Variable(name = "loanId") String loanId,
            @Variable(name = "reviewSla", optional = true) String reviewSla) {
        applications.escalate(loanId, reviewSla == null ? settings.reviewSla().toString() : reviewSla);
    }

    @JobWorker(type = LoanProcess.JOB_MAKE_OFFER, fetchVariables = {"loanId", "offerValidity"})
    public void makeOffer(@Variable(name = "loanId") String loanId,
            @Variable(name = "offerValidity", optional = true) String offerValidity) {
        loans.makeOffer(loanId, offerValidity == null ? settings.offerValidity() : Duration.parse(offerValidity));
    }

    @JobWorker(type = LoanProcess.JOB_RECORD_OFFER_ANSWER, fetchVariables = {"loanId", "offerAccepted"})
    public void recordOfferAnswer(@Variable(name = "loanId") String loanId,
            @Variable(name = "offerAccepted", optional = true) Boolean offerAccepted) {
        loans.recordOfferAnswer(loanId, Boolean.TRUE.equals(offerAccepted), "borrower");
    }

    @JobWorker(type = LoanProcess.JOB_EXPIRE_OFFER, fetchVariables = "loanId")
    public void expireOffer(@Variable(name = "loanId") String loanId) {
        loans.expireOffer(loanId);
    }

    @JobWorker(type = LoanProcess.JOB_REGISTER_LIEN, fetchVariables = "loanId")
    public Map<String, Object> registerLien(@Variable(name = "loanId") String loanId) {
        String filing = liens.register(loanId, applications.require(loanId).collateral(), settings.securedParty());
        loans.recordLien(loanId, filing);
        return Map.of("lienFilingNumber", filing);
    }

    @JobWorker(type = LoanProcess.JOB_RELEASE_LIEN, fetchVariables = "loanId")
    public void releaseLien(@Variable(name = "loanId") String loanId) {
        liens.release(loanId);
        loans.recordLienReleased(loanId);
    }

    @JobWorker(type = LoanProcess.JOB_CLOSE_LOAN, fetchVariables = {"loanId", "closure"})
    public void closeLoan(@Variable(name = "loanId") String loanId, @Variable(name = "closure", optional = true) String closure) {
        loans.close(loanId, closure == null ? "REPAID" : closure);
        // post-loan monitoring ends with the loan: no further alerts, open alert instances closed (idempotent)
        monitoring.loanClosed(loanId, closure == null ? "REPAID" : closure);
    }
}
