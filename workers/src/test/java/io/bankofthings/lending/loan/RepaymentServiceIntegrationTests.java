package io.bankofthings.lending.loan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankofthings.lending.ledger.Accounts;
import io.bankofthings.lending.ledger.Ledger;
import io.bankofthings.lending.support.MutableClock;
import io.bankofthings.lending.support.TestDatabase;
import io.bankofthings.lending.support.TestZeebe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Repayments, days past due and early payoff against the real PostgreSQL, ledger and engine (for the repaid message). */
public class RepaymentServiceIntegrationTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2027-01-01T09:00:00Z"));
    private final Ledger ledger = new Ledger(TestDatabase.jdbc(), TestDatabase.transactions());
    private final LoanLifecycleService lifecycle = lifecycle(ledger, clock, LoanSettings.defaults());
    private final RepaymentService repayments = new RepaymentService(LoanFixtures.applications(),
            new RepaymentSchedules(TestDatabase.jdbc()), ledger, TestDatabase.transactions(),
            new LoanMessages(TestZeebe.shared().client()), clock);

    public static LoanLifecycleService lifecycle(Ledger ledger, Clock clock, LoanSettings settings) {
        return new LoanLifecycleService(LoanFixtures.applications(), new RepaymentSchedules(TestDatabase.jdbc()), ledger,
                TestDatabase.transactions(), new LoanMessages(TestZeebe.shared().client()), settings, clock);
    }

    private String disbursed(String borrower, long amountMinor) {
        String loanId = LoanFixtures.stored(borrower, amountMinor, LoanStatus.LIEN_REGISTERED);
        lifecycle.disburse(loanId);
        return loanId;
    }

    @Test
    void repaymentsFollowTheScheduleAndDaysPastDueAreCounted() {
        String loanId = disbursed("repayer", 1_200_000);
        var schedule = repayments.schedule(loanId);
        var first = schedule.installments().getFirst();
        assertThat(first.dueDate()).isEqualTo(LocalDate.of(2027, 2, 1));
        assertThat(schedule.daysPastDue()).isZero();
        assertThat(schedule.outstandingPrincipalMinor()).isEqualTo(1_200_000);

        clock.advance(Duration.ofDays(41)); // 2027-02-11: the first instalment is 10 days late
        var late = repayments.schedule(loanId);
        assertThat(late.daysPastDue()).isEqualTo(10);
        assertThat(late.overdueMinor()).isEqualTo(first.totalMinor());

        var receipt = repayments.repay(loanId, "pay-1", first.principalMinor() + first.interestMinor(), "repayer");

        assertThat(receipt.replayed()).isFalse();
        assertThat(receipt.interestMinor()).isEqualTo(first.interestMinor()).isEqualTo(7_500); // 12,000.00 x 7.5% / 12
        assertThat(receipt.principalMinor()).isEqualTo(first.principalMinor());
        var after = repayments.schedule(loanId);
        assertThat(after.daysPastDue()).isZero();
        assertThat(after.installments().getFirst().paidOn()).isEqualTo(LocalDate.of(2027, 2, 11));
        assertThat(after.installments().getFirst().daysPastDue()).as("paid 10 days late").isEqualTo(10);
        assertThat(after.outstandingPrincipalMinor()).isEqualTo(1_200_000 - first.principalMinor());
        assertThat(ledger.balanceOf(Accounts.loanReceivable(loanId))).containsEntry("EUR", 1_200_000 - first.principalMinor());
        assertThat(ledger.trialBalance().values()).allMatch(net -> net == 0L);
    }

    @Test
    void theSameIdempotencyKeyBooksOnceAndAReusedKeyWithAnotherAmountIsRefused() {
        String loanId = disbursed("repeater", 500_000);

        var first = repayments.repay(loanId, "k-1", 10_000, "repeater");
        var again = repayments.repay(loanId, "k-1", 10_000, "repeater");

        assertThat(again.replayed()).isTrue();
        assertThat(again.transactionId()).isEqualTo(first.transactionId());
        assertThat(ledger.transactionsFor(loanId)).extracting(t -> t.kind()).containsExactly("DISBURSEMENT", "REPAYMENT");
        assertThatThrownBy(() -> repayments.repay(loanId, "k-1", 20_000, "repeater"))
                .isInstanceOf(LoanStateConflictException.class)
                .hasMessageContaining("already used for a REGULAR of 10000");
    }

    @Test
    void badKeysAmountsAndOverpaymentsAreRefusedFieldByField() {
        String loanId = disbursed("overpayer", 100_000);

        assertThatThrownBy(() -> repayments.repay(loanId, null, 0, "overpayer"))
                .isInstanceOfSatisfying(InvalidRepaymentException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("Idempotency-Key", "amountMinor"));
        assertThatThrownBy(() -> repayments.repay(loanId, "too-much", 10_000_000, "overpayer"))
                .isInstanceOfSatisfying(InvalidRepaymentException.class, e -> assertThat(e.errors().getFirst().message())
                        .startsWith("must be at most the outstanding "));
        assertThat(ledger.transactionsFor(loanId)).hasSize(1);
    }

    @Test
    void earlyPayoffPaysTheOpenPrincipalWaivesLaterInterestAndMarksTheLoanRepaid() {
        String loanId = disbursed("early", 2_400_000);
        clock.advance(Duration.ofDays(31)); // 2027-02-01: first instalment due today
        var first = repayments.schedule(loanId).installments().getFirst();
        repayments.repay(loanId, "regular-1", first.totalMinor(), "early");

        long quote = repayments.payoffAmount(loanId);
        var receipt = repayments.payoff(loanId, "payoff-1", "early");

        assertThat(quote).isEqualTo(2_400_000 - first.principalMinor());
        assertThat(receipt.amountMinor()).isEqualTo(quote);
        assertThat(receipt.interestMinor()).isZero();
        assertThat(receipt.outstandingMinor()).isZero();
        assertThat(receipt.status()).isEqualTo("REPAID");
        var application = LoanFixtures.applications().find(loanId).orElseThrow();
        assertThat(application.status()).isEqualTo(LoanStatus.REPAID);
        assertThat(application.closureReason()).isEqualTo("EARLY_PAYOFF");
        assertThat(repayments.schedule(loanId).installments()).allSatisfy(i -> assertThat(i.isPaid()).isTrue());
        assertThat(ledger.balanceOf(Accounts.loanReceivable(loanId))).containsEntry("EUR", 0L);
        assertThatThrownBy(() -> repayments.repay(loanId, "after", 100, "early"))
                .isInstanceOf(LoanStateConflictException.class)
                .hasMessageContaining("is REPAID, it takes no repayments");
        assertThat(ledger.trialBalance().values()).allMatch(net -> net == 0L);
    }

    @Test
    void payingEveryInstalmentRepaysTheLoan() {
        String loanId = disbursed("steady", 240_000);
        for (var installment : repayments.schedule(loanId).installments()) {
            repayments.repay(loanId, "i-" + installment.seq(), installment.totalMinor(), "steady");
        }

        assertThat(LoanFixtures.applications().find(loanId).orElseThrow().status()).isEqualTo(LoanStatus.REPAID);
        assertThat(repayments.schedule(loanId).outstandingMinor()).isZero();
        assertThat(ledger.balanceOf(Accounts.loanReceivable(loanId))).containsEntry("EUR", 0L);
    }
}
