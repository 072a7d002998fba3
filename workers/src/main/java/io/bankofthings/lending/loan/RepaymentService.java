package io.bankofthings.lending.loan;

import io.bankofthings.lending.ledger.Accounts;
import io.bankofthings.lending.ledger.Ledger;
import io.bankofthings.lending.ledger.Money;
import io.bankofthings.lending.ledger.Posting;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Repayments and early payoff of disbursed loans. Each repayment carries the caller's idempotency key: the same key
 * books once (a repeat returns the first receipt), and the ledger posting's key {@code loan-repayment:<loanId>:<key>}
 * guards the money as well. A payment is applied to the oldest open instalment, interest before principal. When
 * nothing is owed any more the loan is REPAID and the process is told, so it releases the lien and closes the loan.
 */
@Service
public class RepaymentService {

    public static final String REGULAR = "REGULAR";
    public static final String PAYOFF = "PAYOFF";
    static final String KEY_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,99}";
    private static final Logger LOG = LoggerFactory.getLogger(RepaymentService.class);

    private final LoanApplications applications;
    private final RepaymentSchedules schedules;
    private final Ledger ledger;
    private final TransactionTemplate tx;
    private final LoanMessages messages;
    private final Clock clock;

    public RepaymentService(LoanApplications applications, RepaymentSchedules schedules, Ledger ledger,
            TransactionTemplate tx, LoanMessages messages, Clock clock) {
        this.applications = applications;
        this.schedules = schedules;
        this.ledger = ledger;
        this.tx = tx;
        this.messages = messages;
        this.clock = clock;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** The schedule with days past due as of today. */
    public LoanSchedule schedule(String loanId) {
        var application = applications.find(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
        return schedule(application, schedules.installments(loanId, today()));
    }

    private LoanSchedule schedule(LoanApplication application, List<ScheduledInstallment> installments) {
        LocalDate today = today();
        long openPrincipal = installments.stream().mapToLong(ScheduledInstallment::openPrincipalMinor).sum();
        long open = openPrincipal + installments.stream().mapToLong(ScheduledInstallment::openInterestMinor).sum();
        long overdue = installments.stream().filter(i -> !i.isPaid() && !i.dueDate().isAfter(today))
                .mapToLong(i -> i.openPrincipalMinor() + i.openInterestMinor()).sum();
        long dpd = installments.stream().filter(i -> !i.isPaid()).mapToLong(ScheduledInstallment::daysPastDue).max().orElse(0);
        return new LoanSchedule(application.loanId(), application.status().name(), application.currency(),
                application.repaymentType(), application.annualRateBps(),
                installments.isEmpty() ? 0 : application.principalMinor(), openPrincipal, open, overdue, dpd,
                schedules.repaidMinor(application.loanId()), installments);
    }

    /** What closes the loan today: the open principal plus the interest of instalments already due; later interest is waived. */
    public long payoffAmount(String loanId) {
        var installments = schedules.installments(loanId, today());
        return payoffAmount(installments);
    }

    private long payoffAmount(List<ScheduledInstallment> installments) {
        LocalDate today = today();
        return installments.stream().mapToLong(i -> i.openPrincipalMinor()
                + (i.dueDate().isAfter(today) ? 0 : i.openInterestMinor())).sum();
    }

    /**
     * Books a repayment of {@code amountMinor}.
     *
     * @throws InvalidRepaymentException  for a bad key or amount (nothing booked)
     * @throws LoanStateConflictException when the loan is not being repaid, or the key was used for another amount
     */
    public RepaymentReceipt repay(String loanId, String idempotencyKey, long amountMinor, String actor) {
        return book(loanId, idempotencyKey, REGULAR, amountMinor, actor);
    }

    /** Pays the loan off early: books {@link #payoffAmount} and waives the interest of instalments not yet due. */
    public RepaymentReceipt payoff(String loanId, String idempotencyKey, String actor) {
        return book(loanId, idempotencyKey, PAYOFF, -1, actor);
    }

    private RepaymentReceipt book(String loanId, String key, String kind, long requestedMinor, String actor) {
        var errors = new ArrayList<FieldError>();
        if (key == null || !key.matches(KEY_PATTERN)) {
            errors.add(new FieldError("Idempotency-Key", "header is required: 1-100 letters, digits or . _ : -"));
        }
        if (kind.equals(REGULAR) && requestedMinor <= 0) {
            errors.add(new FieldError("amountMinor", "must be positive, was " + requestedMinor));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRepaymentException(errors);
        }
        var receipt = tx.execute(status -> {
            var application = applications.findForUpdate(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
            var previous = schedules.find(loanId, key);
            if (previous.isPresent()) {
                var p = previous.get();
                if (!p.kind().equals(kind) || (kind.equals(REGULAR) && p.amountMinor() != requestedMinor)) {
                    throw new LoanStateConflictException("Idempotency key " + key + " of loan " + loanId
                            + " was already used for a " + p.kind() + " of " + p.amountMinor());
                }
                long open = schedule(application, schedules.installments(loanId, today())).outstandingMinor();
                return new RepaymentReceipt(loanId, key, kind, p.amountMinor(), p.principalMinor(), p.interestMinor(),
                        p.transactionId(), true, open, application.status().name());
            }
            if (application.status() != LoanStatus.DISBURSED) {
                throw new LoanStateConflictException("Loan " + loanId + " is " + application.status() + ", it takes no repayments");
            }
            LocalDate today = today();
            var installments = schedules.installments(loanId, today);
            long owed = installments.stream().mapToLong(i -> i.openPrincipalMinor() + i.openInterestMinor()).sum();
            long amount = kind.equals(PAYOFF) ? payoffAmount(installments) : requestedMinor;
            if (kind.equals(REGULAR) && amount > owed) {
                throw new InvalidRepaymentException(List.of(new FieldError("amountMinor",
                        "must be at most the outstanding " + owed + ", was " + amount)));
            }
            long principal = 0;
            long interest = 0;
            long left = amount;
            for (var i : installments) {
                if (i.isPaid()) {
                    continue;
                }
                long waive = 0;
                if (kind.equals(PAYOFF) && i.dueDate().isAfter(today)) {
                    waive = i.openInterestMinor();
                }
                long payInterest = Math.min(left, i.openInterestMinor() - waive);
                left -= payInterest;
                long payPrincipal = Math.min(left, i.openPrincipalMinor());
                left -= payPrincipal;
                principal += payPrincipal;
                interest += payInterest;
                var updated = new ScheduledInstallment(i.seq(), i.dueDate(), i.principalMinor(), i.interestMinor(),
                        i.paidPrincipalMinor() + payPrincipal, i.paidInterestMinor() + payInterest,
                        i.waivedInterestMinor() + waive, null, i.daysPastDue());
                boolean paid = updated.openPrincipalMinor() == 0 && updated.openInterestMinor() == 0;
                updated = new ScheduledInstallment(updated.seq(), updated.dueDate(), updated.principalMinor(),
                        updated.interestMinor(), updated.paidPrincipalMinor(), updated.paidInterestMinor(),
                        updated.waivedInterestMinor(), paid ? today : null, updated.daysPastDue());
                if (payPrincipal > 0 || payInterest > 0 || waive > 0) {
                    schedules.update(loanId, updated);
                }
                if (left == 0 && !kind.equals(PAYOFF)) {
                    break;
                }
            }
            var lines = new ArrayList<Posting.Line>();
            lines.add(Posting.Line.debit(Accounts.customerAccount(application.borrowerId()), Money.of(amount, application.currency())));
            if (principal > 0) {
                lines.add(Posting.Line.credit(Accounts.loanReceivable(loanId), Money.of(principal, application.currency())));
            }
            if (interest > 0) {
                lines.add(Posting.Line.credit(Accounts.interestIncome(), Money.of(interest, application.currency())));
            }
            var posted = ledger.post(new Posting(repaymentKey(loanId, key), kind.equals(PAYOFF) ? "PAYOFF" : "REPAYMENT",
                    loanId, (kind.equals(PAYOFF) ? "Early payoff" : "Repayment") + " of loan " + loanId, lines));
            schedules.insertRepayment(loanId, key,
                    new RepaymentSchedules.StoredRepayment(kind, amount, principal, interest, posted.transactionId()), actor);
            long open = schedule(application, schedules.installments(loanId, today)).outstandingMinor();
            LoanStatus next = open == 0 ? LoanStatus.REPAID : LoanStatus.DISBURSED;
            applications.appendHistory(loanId, next, String.format("%s of %d minor units (principal %d, interest %d); outstanding %d",
                    kind.equals(PAYOFF) ? "early payoff" : "repayment", amount, principal, interest, open), actor);
            if (next == LoanStatus.REPAID) {
                applications.setClosure(loanId, LoanStatus.REPAID, kind.equals(PAYOFF) ? "EARLY_PAYOFF" : "REPAID", null);
            }
            return new RepaymentReceipt(loanId, key, kind, amount, principal, interest, posted.transactionId(), false,
                    open, next.name());
        });
        LOG.info("Loan {} {} {} booked in ledger transaction {} (replayed: {})", loanId, kind, receipt.amountMinor(),
                receipt.transactionId(), receipt.replayed());
        if (!receipt.replayed() && receipt.status().equals(LoanStatus.REPAID.name())) {
            tellProcessQuietly(loanId);
        }
        return receipt;
    }

    private void tellProcessQuietly(String loanId) {
        try {
            var application = applications.find(loanId).orElseThrow();
            messages.loanRepaid(loanId, application.closureReason() == null ? "REPAID" : application.closureReason());
        } catch (RuntimeException e) {
            LOG.warn("Loan {} is repaid but the process could not be told yet ({}); it will be retried", loanId, e.toString());
        }
    }

    /** Tells the process again about loans repaid a while ago that it has not closed (the engine was down, say). */
    /** Run by {@link LoanSchedules} on workers replicas. */
    void retellRepaid() {
        for (String loanId : applications.findRepaidBefore(clock.instant().minus(Duration.ofMinutes(1)))) {
            tellProcessQuietly(loanId);
        }
    }

    public static String repaymentKey(String loanId, String idempotencyKey) {
        return "loan-repayment:" + loanId + ":" + idempotencyKey;
    }
}
