package io.bankofthings.lending.loan;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Submits loan applications and records each step up to the decision; the process engine calls in through workers.
 * Every step appends to the application's timeline.
 */
@Service
public class LoanApplicationService {

    private static final Logger LOG = LoggerFactory.getLogger(LoanApplicationService.class);
    public static final String SYSTEM_ACTOR = "system";
    public static final String KYC_ACTOR = "kyc";

    private final LoanApplications applications;
    private final TransactionTemplate tx;
    private final LoanProcessStarter starter;
    private final Clock clock;
    private final LoanMetrics metrics;

    public LoanApplicationService(
            LoanApplications applications, TransactionTemplate tx, LoanProcessStarter starter, Clock clock) {
        this(applications, tx, starter, clock, new LoanMetrics(new SimpleMeterRegistry()));
    }

    @Autowired
    public LoanApplicationService(LoanApplications applications, TransactionTemplate tx, LoanProcessStarter starter,
            Clock clock, LoanMetrics metrics) {
        this.applications = applications;
        this.tx = tx;
        this.starter = starter;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Stores a valid application, claims its collateral and starts its process. The application is kept even when the
     * engine is unreachable; the starter retries it later.
     *
     * @return the application as submitted (the process moves it on from there)
     * @throws InvalidLoanApplicationException with every field error; nothing is stored then
     * @throws DuplicateCollateralException    when an asset or device already secures another live application
     */
    public LoanApplication submit(NewLoanApplication application) {
        var errors = LoanApplicationValidator.validate(application, LocalDate.now(clock));
        if (!errors.isEmpty()) {
            throw new InvalidLoanApplicationException(errors);
        }
        String loanId = "L-" + UUID.randomUUID();
        List<CollateralItem> collateral = new ArrayList<>();
        for (var item : application.collateral()) {
            collateral.add(new CollateralItem("C-" + UUID.randomUUID(), item.kind(), item.description().strip(),
                    item.assetIdentifier().strip(), item.declaredValueMinor(),
                    new CollateralSite(item.site().address().strip(), item.site().latitude(), item.site().longitude(),
                            item.site().radiusMeters()),
                    item.devices()));
        }
        tx.executeWithoutResult(status -> {
            applications.insert(loanId, application, collateral);
            var taken = applications.claim(loanId, collateral);
            if (!taken.isEmpty()) {
                status.setRollbackOnly();
                throw new DuplicateCollateralException(taken);
            }
            applications.appendHistory(loanId, LoanStatus.SUBMITTED, "application received", application.borrowerId());
        });
        try (var key = MDC.putCloseable("loanId", loanId)) {
            LOG.info("Loan application {} submitted by borrower {}", loanId, application.borrowerId());
            metrics.submitted();
            var submitted = require(loanId);
            if (starter != null) {
                starter.startQuietly(loanId);
            }
            return submitted;
        }
    }

    public LoanApplication require(String loanId) {
        return applications.find(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
    }

    /** Records a passed identity check; repeated calls record it once. */
    public void recordIdentityVerified(String loanId, String detail) {
        tx.executeWithoutResult(status -> {
            var application = lockOpen(loanId, "record the identity check");
            if (application.status() != LoanStatus.SUBMITTED) {
                return;
            }
            applications.setStatus(loanId, LoanStatus.IDENTITY_VERIFIED);
            applications.appendHistory(loanId, LoanStatus.IDENTITY_VERIFIED, detail, KYC_ACTOR);
        });
        LOG.info("Loan {} identity verified", loanId);
    }

    /** Records a passed collateral registration and lien search; repeated calls record it once. */
    public void recordCollateralRegistered(String loanId, String detail) {
        tx.executeWithoutResult(status -> {
            var application = lockOpen(loanId, "register the collateral");
            if (application.status() != LoanStatus.IDENTITY_VERIFIED) {
                return;
            }
            applications.setStatus(loanId, LoanStatus.COLLATERAL_REGISTERED);
            applications.appendHistory(loanId, LoanStatus.COLLATERAL_REGISTERED, detail, SYSTEM_ACTOR);
        });
        LOG.info("Loan {} collateral registered", loanId);
    }

    /**
     * Rejects the application before a decision (identity check failed, collateral refused) and frees its collateral;
     * a repeated call changes nothing.
     */
    public void rejectEarly(String loanId, String reason, String actor) {
        tx.executeWithoutResult(status -> {
            var application = applications.findForUpdate(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
            if (application.status() == LoanStatus.REJECTED) {
                return;
            }
            if (application.status().isFinal()) {
                throw new IllegalStateException("Loan " + loanId + " is already " + application.status() + ", cannot reject it");
            }
            applications.setDecision(loanId, LoanStatus.REJECTED, "REJECT", reason, actor, null);
            applications.releaseClaims(loanId);
            applications.appendHistory(loanId, LoanStatus.REJECTED, reason, actor);
        });
        LOG.info("Loan {} rejected by {}", loanId, actor);
    }

    /** Records the objective credit score, its factors and their explanation; repeated calls overwrite with the same values. */
    public void recordScore(String loanId, int score, Map<String, Integer> factors, List<ScoreFactor> explanation) {
        tx.executeWithoutResult(status -> {
            lockOpen(loanId, "score it");
            applications.setScore(loanId, score, factors, explanation);
            applications.appendHistory(loanId, LoanStatus.SCORED, "objective credit score " + score, SYSTEM_ACTOR);
        });
        LOG.info("Loan {} scored {}", loanId, score);
    }

    /**
     * Records a decision of the DMN table or an underwriter, with the collateral valuation it rests on.
     *
     * @param outcome             APPROVE, REFER or REJECT
     * @param approvedAmountMinor the amount to lend on approval (already capped at the lending limit); null otherwise
     */
    public LoanStatus recordDecision(String loanId, String outcome, String reason, String decidedBy,
            Long approvedAmountMinor, List<CollateralValuation> valuation, Long maxLoanMinor) {
        LoanStatus next = switch (outcome == null ? "" : outcome) {
            case "APPROVE" -> LoanStatus.APPROVED;
            case "REJECT" -> LoanStatus.REJECTED;
            case "REFER" -> LoanStatus.REFERRED;
            default -> throw new IllegalArgumentException("Unknown decision outcome for loan " + loanId + ": " + outcome);
        };
        if (next == LoanStatus.APPROVED && (approvedAmountMinor == null || approvedAmountMinor <= 0)) {
            throw new IllegalArgumentException("Loan " + loanId + " approved without a positive amount: " + approvedAmountMinor);
        }
        boolean recorded = Boolean.TRUE.equals(tx.execute(status -> {
            var application = applications.findForUpdate(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
            if (application.status() == next && outcome.equals(application.decision())
                    && java.util.Objects.equals(decidedBy, application.decidedBy())) {
                return false;
            }
            if (application.status().isFinal()) {
                throw new IllegalStateException("Loan " + loanId + " is already " + application.status() + ", cannot record " + outcome);
            }
            if (valuation != null && maxLoanMinor != null) {
                applications.setValuation(loanId, valuation, maxLoanMinor);
            }
            applications.setDecision(loanId, next, outcome, reason, decidedBy, next == LoanStatus.APPROVED ? approvedAmountMinor : null);
            if (next == LoanStatus.REJECTED) {
                applications.releaseClaims(loanId);
            }
            applications.appendHistory(loanId, next, next == LoanStatus.APPROVED
                    ? reason + " (approved " + approvedAmountMinor + " minor units)" : reason, decidedBy);
            return true;
        }));
        LOG.info("Loan {} decided {} by {}", loanId, outcome, decidedBy);
        if (recorded) {
            metrics.decided(outcome, decidedBy);
        }
        return next;
    }

    /** Marks a referred application whose review passed its SLA as escalated, once. */
    public boolean escalate(String loanId, String sla) {
        Boolean escalated = tx.execute(status -> {
            var application = applications.findForUpdate(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
            if (application.status() != LoanStatus.REFERRED || application.escalatedAt() != null) {
                return false;
            }
            applications.setEscalated(loanId, clock.instant());
            applications.appendHistory(loanId, LoanStatus.REFERRED,
                    "escalated: no underwriter decision within the review SLA of " + sla, SYSTEM_ACTOR);
            return true;
        });
        if (Boolean.TRUE.equals(escalated)) {
            LOG.warn("Loan {} escalated: its underwriter review passed the SLA of {}", loanId, sla);
        }
        return Boolean.TRUE.equals(escalated);
    }

    private LoanApplication lockOpen(String loanId, String what) {
        var application = applications.findForUpdate(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
        if (application.status().isFinal()) {
            throw new IllegalStateException("Loan " + loanId + " is already " + application.status() + ", cannot " + what);
        }
        return application;
    }
}
