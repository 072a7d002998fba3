package io.bankofthings.lending.loan.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankofthings.lending.ledger.Accounts;
import io.bankofthings.lending.ledger.Ledger;
import io.bankofthings.lending.loan.LoanFixtures;
import io.bankofthings.lending.loan.LoanLifecycleService;
import io.bankofthings.lending.loan.LoanSettings;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.loan.RepaymentServiceIntegrationTests;
import io.bankofthings.lending.monitoring.MonitoringSettings;
import io.bankofthings.lending.monitoring.MonitoringWorld;
import io.bankofthings.lending.support.TestDatabase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DisburseLoanWorkerIntegrationTests {

    private final Ledger ledger = new Ledger(TestDatabase.jdbc(), TestDatabase.transactions());
    private final LoanLifecycleService loans = RepaymentServiceIntegrationTests.lifecycle(ledger, Clock.systemUTC(), LoanSettings.defaults());
    private final MonitoringWorld world = new MonitoringWorld(MonitoringSettings.defaults());
    private final DisburseLoanWorker worker = new DisburseLoanWorker(loans, world.monitoring);

    @Test
    void disbursingTheSameJobTwicePostsOnceAndStoresOneSchedule() {
        String loanId = LoanFixtures.stored("borrower-twice", 1_000_000, LoanStatus.LIEN_REGISTERED);

        var first = worker.disburseLoan(loanId);
        var second = worker.disburseLoan(loanId);

        assertThat(second).isEqualTo(first);
        assertThat(ledger.transactionsFor(loanId)).singleElement()
                .satisfies(t -> assertThat(t.idempotencyKey()).isEqualTo("loan-disbursement:" + loanId));
        assertThat(ledger.balanceOf(Accounts.loanReceivable(loanId))).containsExactlyEntriesOf(java.util.Map.of("EUR", 1_000_000L));
        assertThat(ledger.balanceOf(Accounts.customerAccount("borrower-twice"))).containsEntry("EUR", -1_000_000L);
        assertThat(LoanFixtures.applications().find(loanId).orElseThrow().status()).isEqualTo(LoanStatus.DISBURSED);
        assertThat(LoanFixtures.applications().history(loanId))
                .filteredOn(change -> change.status() == LoanStatus.DISBURSED)
                .hasSize(1);
        assertThat(TestDatabase.jdbc().sql("select count(*) from repayment_installment where loan_id = :id")
                .param("id", loanId).query(Long.class).single()).isEqualTo(24L);
        assertThat(ledger.trialBalance().values()).allMatch(net -> net == 0L);
    }

    @Test
    void enrolsTheDisbursedLoanInMonitoringOnce() {
        String loanId = LoanFixtures.stored("borrower-enrol", 1_000_000, LoanStatus.LIEN_REGISTERED);

        worker.disburseLoan(loanId);
        worker.disburseLoan(loanId);

        assertThat(world.watched.enrolment(loanId)).get().satisfies(e -> assertThat(e.active()).isTrue());
        assertThat(world.watched.ofLoan(loanId)).singleElement()
                .satisfies(c -> assertThat(c.deviceId()).isEqualTo("dev-" + loanId));
        assertThat(TestDatabase.jdbc().sql("select count(*) from monitoring_audit where loan_id = :id and action = 'MONITORING_STARTED'")
                .param("id", loanId).query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void refusesToDisburseWhileTheCreditLineIsFrozenAndPaysOnceReleased() {
        String loanId = LoanFixtures.stored("borrower-frozen", 400_000, LoanStatus.LIEN_REGISTERED);
        world.freezes.freeze(loanId, "alert-1", "test");

        assertThatThrownBy(() -> worker.disburseLoan(loanId))
                .isInstanceOf(io.bankofthings.lending.ledger.CreditLineFrozenException.class)
                .hasMessageContaining("frozen by [alert-1]");
        assertThat(ledger.transactionsFor(loanId)).isEmpty();
        assertThat(LoanFixtures.applications().find(loanId).orElseThrow().status()).isEqualTo(LoanStatus.LIEN_REGISTERED);

        world.freezes.release(loanId, "alert-1", "test");
        worker.disburseLoan(loanId);
        assertThat(ledger.transactionsFor(loanId)).hasSize(1);
    }

    @Test
    void aRetriedDisbursementIsNotRefusedByALaterFreeze() {
        String loanId = LoanFixtures.stored("borrower-later-freeze", 300_000, LoanStatus.LIEN_REGISTERED);
        var first = worker.disburseLoan(loanId);
        world.freezes.freeze(loanId, "alert-2", "test");

        assertThat(worker.disburseLoan(loanId)).isEqualTo(first);
        assertThat(ledger.transactionsFor(loanId)).hasSize(1);
    }

    @Test
    void concurrentDeliveriesOfTheJobPayOnce() throws Exception {
        String loanId = LoanFixtures.stored("borrower-race", 250_000, LoanStatus.LIEN_REGISTERED);
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
    void refusesToDisburseALoanWithoutARegisteredLien() {
        String rejected = LoanFixtures.stored("borrower-rejected", 90_000, LoanStatus.REJECTED);
        String accepted = LoanFixtures.stored("borrower-no-lien", 90_000, LoanStatus.ACCEPTED);

        assertThatThrownBy(() -> worker.disburseLoan(rejected))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is REJECTED");
        assertThatThrownBy(() -> worker.disburseLoan(accepted))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only a loan with a registered lien is disbursed");
        assertThat(ledger.transactionsFor(rejected)).isEmpty();
        assertThat(ledger.transactionsFor(accepted)).isEmpty();
    }
}
