package io.bankofthings.lending.loan;

import io.bankofthings.lending.ledger.Accounts;
import io.bankofthings.lending.ledger.Ledger;
import io.bankofthings.lending.ledger.Money;
import io.bankofthings.lending.ledger.Posting;
import io.bankofthings.lending.ledger.PostingResult;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life of an approved loan: the offer and the borrower's answer, the lien, the disbursement with its repayment
 * schedule, and the closing. Steps called by workers are idempotent: a job delivered twice changes nothing the second
 * time.
 */
@Service
public class LoanLifecycleService {

    private static final Logger LOG = LoggerFactory.getLogger(LoanLifecycleService.class);

    private final LoanApplications applications;
    private final RepaymentSchedules schedules;
    private final Ledger ledger;
    private final TransactionTemplate tx;
    private final LoanMessages messages;
    private final LoanSettings settings;
    private final Clock clock;
    private final LoanMetrics metrics;

    public LoanLifecycleService(LoanApplications applications, RepaymentSchedules schedules, Ledger ledger,
            TransactionTemplate tx, LoanMessages messages, LoanSettings settings, Clock clock) {
        this(applications, schedules, ledger, tx, messages, settings, clock, new LoanMetrics(new SimpleMeterRegistry()));
    }

    @Autowired
    public LoanLifecycleService(LoanApplications applications, RepaymentSchedules schedules, Ledger ledger,
            TransactionTemplate tx, LoanMessages messages, LoanSettings settings, Clock clock, LoanMetrics metrics) {
        this.metrics = metrics;
        this.applications = applications;
        this.schedules = schedules;
        this.ledger = ledger;
        this.tx = tx;
        this.messages = messages;
        this.settings = settings;
        this.clock = clock;
    }

    /** Offers the approved amount at the configured rate, valid for {@code validity}; repeated calls keep the first offer. */
    public void makeOffer(String loanId, Duration validity) {
        tx.executeWithoutResult(status -> {
            var application = lock(loanId);
            if (application.status() == LoanStatus.OFFERED) {
                return;
            }
            requireStatus(application, LoanStatus.APPROVED, "make an offer");
            var expires = clock.instant().plus(validity);
            applications.setOffer(loanId, settings.annualRateBps(), expires);
            applications.appendHistory(loanId, LoanStatus.OFFERED, String.format(Locale.ROOT,
                    "offer of %d minor units %s at %.2f%% a year, %s, %d months, valid until %s",
                    application.principalMinor(), application.currency(), settings.annualRateBps() / 100.0,
                    application.repaymentType(), application.termMonths(), expires), LoanApplicationService.SYSTEM_ACTOR);
        });
        LOG.info("Loan {} offered", loanId);
    }

    /**
     * The borrower's answer: sent to the process, which records it (or has already expired the offer).
     *
     * @throws LoanStateConflictException when there is no open offer
     */
    public void answerOffer(String loanId, boolean accepted) {
        var application = applications.find(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
        if (application.status() != LoanStatus.OFFERED) {
            throw new LoanStateConflictException("Loan " + loanId + " is " + application.status() + ", it has no open offer");
        }
        try {
            messages.offerAnswered(loanId, accepted);
        } catch (io.camunda.client.api.command.ClientStatusException e) {
            if (e.getStatusCode() == io.grpc.Status.Code.ALREADY_EXISTS) {
                throw new LoanStateConflictException("Loan " + loanId + " has already been answered; reload to see the result");
            }
            throw e;
        }
    }

    /** Records the answer the process received; a declined offer frees the collateral. */
    public void recordOfferAnswer(String loanId, boolean accepted, String borrower) {
        tx.executeWithoutResult(status -> {
            var application = lock(loanId);
            LoanStatus next = accepted ? LoanStatus.ACCEPTED : LoanStatus.DECLINED;
            if (application.status() == next) {
                return;
            }
            requireStatus(application, LoanStatus.OFFERED, "record the answer to the offer");
            if (accepted) {
                applications.setStatus(loanId, next);
            } else {
                applications.setClosure(loanId, next, "DECLINED", clock.instant());
                applications.releaseClaims(loanId);
            }
            applications.appendHistory(loanId, next, accepted ? "offer accepted" : "offer declined", borrower);
        });
        LOG.info("Loan {} offer {}", loanId, accepted ? "accepted" : "declined");
    }

    /** Closes an application whose offer was not answered in time; frees the collateral. */
    public void expireOffer(String loanId) {
        tx.executeWithoutResult(status -> {
            var application = lock(loanId);
            if (application.status() == LoanStatus.EXPIRED) {
                return;
            }
            requireStatus(application, LoanStatus.OFFERED, "expire the offer");
            applications.setClosure(loanId, LoanStatus.EXPIRED, "OFFER_EXPIRED", clock.instant());
            applications.releaseClaims(loanId);
            applications.appendHistory(loanId, LoanStatus.EXPIRED, "offer not answered by " + application.offerExpiresAt(),
                    LoanApplicationService.SYSTEM_ACTOR);
        });
        LOG.info("Loan {} offer expired", loanId);
    }

    /** Records the lien filing; repeated calls with the same filing change nothing. */
    public void recordLien(String loanId, String filingNumber) {
        tx.executeWithoutResult(status -> {
            var application = lock(loanId);
            if (filingNumber.equals(application.lienFilingNumber())) {
                return;
            }
            requireStatus(application, LoanStatus.ACCEPTED, "register a lien");
            applications.setLienFilingNumber(loanId, filingNumber);
            applications.appendHistory(loanId, LoanStatus.LIEN_REGISTERED, "lien filed as " + filingNumber,
                    LoanApplicationService.SYSTEM_ACTOR);
        });
        LOG.info("Loan {} lien filed as {}", loanId, filingNumber);
    }

    /**
     * Pays the approved amount out to the borrower's account and stores the repayment schedule, once: the ledger posting
     * carries the idempotency key {@code loan-disbursement:<loanId>}, so a retried or duplicated job posts nothing new.
     */
    public PostingResult disburse(String loanId) {
        var result = tx.execute(status -> {
            var application = lock(loanId);
            if (application.status() != LoanStatus.LIEN_REGISTERED && !application.status().isFunded()) {
                throw new IllegalStateException("Loan " + loanId + " is " + application.status()
                        + ", only a loan with a registered lien is disbursed");
            }
            var amount = Money.of(application.principalMinor(), application.currency());
            var posted = ledger.post(new Posting(
                    disbursementKey(loanId),
                    "DISBURSEMENT",
                    loanId,
                    "Disbursement of loan " + loanId,
                    List.of(
                            Posting.Line.debit(Accounts.loanReceivable(loanId), amount),
                            Posting.Line.credit(Accounts.customerAccount(application.borrowerId()), amount))));
            if (!schedules.exists(loanId)) {
                LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
                int rate = application.annualRateBps() == null ? settings.annualRateBps() : application.annualRateBps();
                schedules.insert(loanId, RepaymentScheduleCalculator.schedule(application.repaymentType(),
                        application.principalMinor(), rate, application.termMonths(), today.plusMonths(1)));
            }
            if (application.status() == LoanStatus.LIEN_REGISTERED) {
                applications.setStatus(loanId, LoanStatus.DISBURSED);
                applications.appendHistory(loanId, LoanStatus.DISBURSED, "paid out " + application.principalMinor()
                        + " minor units in ledger transaction " + posted.transactionId() + "; schedule of "
                        + application.termMonths() + " instalments", LoanApplicationService.SYSTEM_ACTOR);
            }
            return posted;
        });
        LOG.info("Loan {} disbursed in ledger transaction {} (new posting: {})", loanId, result.transactionId(), result.created());
        if (result.created()) {
            var application = applications.find(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
            metrics.disbursed(application.principalMinor(), application.currency());
        }
        return result;
    }

    /** Records that the lien is released; repeated calls change nothing. */
    public void recordLienReleased(String loanId) {
        tx.executeWithoutResult(status -> {
            var application = lock(loanId);
            if (application.status() == LoanStatus.LIEN_RELEASED || application.status() == LoanStatus.CLOSED) {
                return;
            }
            requireStatus(application, LoanStatus.REPAID, "release the lien");
            applications.setStatus(loanId, LoanStatus.LIEN_RELEASED);
            applications.appendHistory(loanId, LoanStatus.LIEN_RELEASED, "lien " + application.lienFilingNumber() + " released",
                    LoanApplicationService.SYSTEM_ACTOR);
        });
    }

    /** Closes a repaid loan and frees its collateral; {@code closure} is REPAID or EARLY_PAYOFF. */
    public void close(String loanId, String closure) {
        tx.executeWithoutResult(status -> {
            var application = lock(loanId);
            if (application.status() == LoanStatus.CLOSED) {
                return;
            }
            requireStatus(application, LoanStatus.LIEN_RELEASED, "close the loan");
            applications.setClosure(loanId, LoanStatus.CLOSED, closure, clock.instant());
            applications.releaseClaims(loanId);
            applications.appendHistory(loanId, LoanStatus.CLOSED,
                    "EARLY_PAYOFF".equals(closure) ? "closed early by payoff" : "closed: repaid in full",
                    LoanApplicationService.SYSTEM_ACTOR);
        });
        LOG.info("Loan {} closed ({})", loanId, closure);
    }

    public static String disbursementKey(String loanId) {
        return "loan-disbursement:" + loanId;
    }

    private LoanApplication lock(String loanId) {
        return applications.findForUpdate(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
    }

    private static void requireStatus(LoanApplication application, LoanStatus expected, String what) {
        if (application.status() != expected) {
            throw new IllegalStateException("Loan " + application.loanId() + " is " + application.status() + ", cannot "
                    + what + " (needs " + expected + ")");
        }
    }
}
