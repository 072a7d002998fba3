package io.bankofthings.lending.loan.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankofthings.lending.ledger.Accounts;
import io.bankofthings.lending.ledger.Ledger;
import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.loan.LoanFixtures;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.monitoring.MonitoringSettings;
import io.bankofthings.lending.monitoring.MonitoringWorld;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DisburseLoanWorkerIntegrationTests {

    private final MonitoringWorld world = new MonitoringWorld(MonitoringSettings.defaults());
    private final Ledger ledger = world.ledger;
    private final LoanApplicationService loans = world.loans;
    private final DisburseLoanWorker worker = new DisburseLoanWorker(loans, world.monitoring);

    @Test
    void disbursingTheSameJobTwicePostsOnce() {
        String loanId = LoanFixtures.stored("borrower-twice", 1_000_000, LoanStatus.APPROVED);

        var first = worker.disburseLoan(loanId);
        var second = worker.disburseLoan(loanId);

        assertThat(second).isEqualTo(first);
        assertThat(ledger.transactionsFor(loanId)).singleElement()
                .satisfies(t -> assertThat(t.idempotencyKey()).isEqualTo("loan-disbursement:" + loanId));
        assertThat(ledger.balanceOf(Accounts.loanReceivable(loanId))).containsExactlyEntriesOf(java.util.Map.of("EUR", 1_000_000L));
        assertThat(ledger.balanceOf(Accounts.customerAccount("borrower-twice"))).containsEntry("EUR", -1_000_000L);
        assertThat(loans.require(loanId).status()).isEqualTo(LoanStatus.DISBURSED);
        assertThat(LoanFixtures.applications().history(loanId))
                .filteredOn(change -> change.status() == LoanStatus.DISBURSED)
                .hasSize(1);
        assertThat(ledger.trialBalance().values()).allMatch(net -> net == 0L);
        assertThat(world.watched.enrolment(loanId)).get().satisfies(e -> assertThat(e.active()).isTrue());
        assertThat(world.watched.ofLoan(loanId)).singleElement()
                .satisfies(c -> assertThat(c.deviceId()).isEqualTo("dev-" + loanId));
    }

    @Test
    void refusesToDisburseWhileTheCreditLineIsFrozenAndPaysOnceReleased() {
        String loanId = LoanFixtures.stored("borrower-frozen", 400_000, LoanStatus.APPROVED);
        world.freezes.freeze(loanId, "alert-1", "test");

        assertThatThrownBy(() -> worker.disburseLoan(loanId))
                .isInstanceOf(io.bankofthings.lending.ledger.CreditLineFrozenException.class)
                .hasMessageContaining("frozen by [alert-1]");
        assertThat(ledger.transactionsFor(loanId)).isEmpty();
        assertThat(loans.require(loanId).status()).isEqualTo(LoanStatus.APPROVED);

        world.freezes.release(loanId, "alert-1", "test");
        worker.disburseLoan(loanId);
        assertThat(ledger.transactionsFor(loanId)).hasSize(1);
    }

    @Test
    void aRetriedDisbursementIsNotRefusedByALaterFreeze() {
        String loanId = LoanFixtures.stored("borrower-later-freeze", 300_000, LoanStatus.APPROVED);
        var first = worker.disburseLoan(loanId);
        world.freezes.freeze(loanId, "alert-2", "test");

        assertThat(worker.disburseLoan(loanId)).isEqualTo(first);
        assertThat(ledger.transactionsFor(loanId)).hasSize(1);
    }

    @Test
    void concurrentDeliveriesOfTheJobPayOnce() throws Exception {
        String loanId = LoanFixtures.stored("borrower-race", 250_000, LoanStatus.APPROVED);
        var pool = Executors.newFixedThreadPool(4);
        var results = new ArrayList<Future<java.util.Map<String, Object>>>();
        try {
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> worker.disburseLoan(loanId)));
            }
            for (var result : results) {
                assertThat(result.get()).containsKey("disbursementTransactionId");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledger.transactionsFor(loanId)).hasSize(1);
        assertThat(ledger.balanceOf(Accounts.loanReceivable(loanId))).containsEntry("EUR", 250_000L);
    }

    @Test
    void refusesToDisburseALoanThatIsNotApproved() {
        String loanId = LoanFixtures.stored("borrower-rejected", 90_000, LoanStatus.REJECTED);

        assertThatThrownBy(() -> worker.disburseLoan(loanId))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is REJECTED");
        assertThat(ledger.transactionsFor(loanId)).isEmpty();
    }
}
