package io.bankofthings.lending.loan;

import io.bankofthings.lending.ledger.Accounts;
import io.bankofthings.lending.ledger.Ledger;
import io.bankofthings.lending.ledger.Money;
import io.bankofthings.lending.ledger.Posting;
import io.bankofthings.lending.ledger.PostingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Submits loan applications and records each step of their life; the process engine calls in through workers. */
@Service
public class LoanApplicationService {

    private static final Logger LOG = LoggerFactory.getLogger(LoanApplicationService.class);
    public static final String SYSTEM_ACTOR = "system";

    private final LoanApplications applications;
    private final Ledger ledger;
    private final TransactionTemplate tx;
    private final LoanProcessStarter starter;
    private final LoanMetrics metrics;

    public LoanApplicationService(
            LoanApplications applications, Ledger ledger, TransactionTemplate tx, LoanProcessStarter starter) {
        this(applications, ledger, tx, starter, new LoanMetrics(new SimpleMeterRegistry()));
    }

    @Autowired
    public LoanApplicationService(LoanApplications applications, Ledger ledger, TransactionTemplate tx,
            LoanProcessStarter starter, LoanMetrics metrics) {
        this.applications = applications;
        this.ledger = ledger;
        this.tx = tx;
        this.starter = starter;
        this.metrics = metrics;
    }

    /**
     * Stores a valid application and starts its process. The application is kept even when the engine is
     * unreachable; the starter retries it later.
     *
     * @throws InvalidLoanApplicationException with every field error; nothing is stored then
     */
    public LoanApplication submit(NewLoanApplication application) {
        var errors = LoanApplicationValidator.validate(application);
        if (!errors.isEmpty()) {
            throw new InvalidLoanApplicationException(errors);
        }
        String loanId = "L-" + UUID.randomUUID();
        List<CollateralItem> collateral = new ArrayList<>();
        for (var item : application.collateral()) {
            collateral.add(new CollateralItem(
                    "C-" + UUID.randomUUID(), item.kind(), item.description().strip(), item.declaredValueMinor(),
                    item.deviceId()));
        }
        tx.executeWithoutResult(status -> {
            applications.insert(loanId, application, collateral);
            applications.appendHistory(loanId, LoanStatus.SUBMITTED, "application received", application.borrowerId());
        });
        try (var key = MDC.putCloseable("loanId", loanId)) {
            LOG.info("Loan application {} submitted by borrower {}", loanId, application.borrowerId());
            metrics.submitted();
            starter.startQuietly(loanId);
        }
        return require(loanId);
    }

    public LoanApplication require(String loanId) {
        return applications.find(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
    }

    /** Records the objective credit score and its factors; repeated calls overwrite with the same values. */
    public void recordScore(String loanId, int score, Map<String, Integer> factors) {
        tx.executeWithoutResult(status -> {
            var application = applications.findForUpdate(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
            if (application.status().isFinal()) {
                throw new IllegalStateException("Loan " + loanId + " is already " + application.status() + ", cannot score it");
            }
            applications.setScore(loanId, score, factors);
            applications.appendHistory(loanId, LoanStatus.SCORED, "objective credit score " + score, SYSTEM_ACTOR);
        });
        LOG.info("Loan {} scored {}", loanId, score);
    }

    /**
     * Records a decision of the DMN table or an underwriter.
     *
     * @param outcome APPROVE, REFER or REJECT
     */
    public LoanStatus recordDecision(String loanId, String outcome, String reason, String decidedBy) {
        LoanStatus next = switch (outcome == null ? "" : outcome) {
            case "APPROVE" -> LoanStatus.APPROVED;
            case "REJECT" -> LoanStatus.REJECTED;
            case "REFER" -> LoanStatus.REFERRED;
            default -> throw new IllegalArgumentException("Unknown decision outcome for loan " + loanId + ": " + outcome);
        };
        boolean recorded = Boolean.TRUE.equals(tx.execute(status -> {
            var application = applications.findForUpdate(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
            if (application.status() == next && outcome.equals(application.decision())) {
                return false;
            }
            if (application.status().isFinal()) {
                throw new IllegalStateException("Loan " + loanId + " is already " + application.status() + ", cannot record " + outcome);
            }
            applications.setDecision(loanId, next, outcome, reason, decidedBy);
            applications.appendHistory(loanId, next, reason, decidedBy);
            return true;
        }));
        LOG.info("Loan {} decided {} by {}", loanId, outcome, decidedBy);
        if (recorded) {
            metrics.decided(outcome, decidedBy);
        }
        return next;
    }

    /**
     * Pays an approved loan out to the borrower's account, once: the ledger posting carries the idempotency key
     * {@code loan-disbursement:<loanId>}, so a retried or duplicated job posts nothing new.
     */
    public PostingResult disburse(String loanId) {
        var result = tx.execute(status -> {
            var application = applications.findForUpdate(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
            if (application.status() != LoanStatus.APPROVED && application.status() != LoanStatus.DISBURSED) {
                throw new IllegalStateException("Loan " + loanId + " is " + application.status() + ", only an approved loan is disbursed");
            }
            var amount = Money.of(application.amountMinor(), application.currency());
            var posting = new Posting(
                    disbursementKey(loanId),
                    "DISBURSEMENT",
                    loanId,
                    "Disbursement of loan " + loanId,
                    List.of(
                            Posting.Line.debit(Accounts.loanReceivable(loanId), amount),
                            Posting.Line.credit(Accounts.customerAccount(application.borrowerId()), amount)));
            var posted = ledger.post(posting);
            if (posted.created()) {
                metrics.disbursed(application.amountMinor(), application.currency());
            }
            if (application.status() != LoanStatus.DISBURSED) {
                applications.setStatus(loanId, LoanStatus.DISBURSED);
                applications.appendHistory(loanId, LoanStatus.DISBURSED,
                        "paid out in ledger transaction " + posted.transactionId(), SYSTEM_ACTOR);
            }
            return posted;
        });
        LOG.info("Loan {} disbursed in ledger transaction {} (new posting: {})", loanId, result.transactionId(), result.created());
        return result;
    }

    public static String disbursementKey(String loanId) {
        return "loan-disbursement:" + loanId;
    }
}
