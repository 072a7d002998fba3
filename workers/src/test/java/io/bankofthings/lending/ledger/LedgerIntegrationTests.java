package io.bankofthings.lending.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankofthings.lending.support.TestDatabase;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionSystemException;

class LedgerIntegrationTests {

    private final Ledger ledger = new Ledger(TestDatabase.jdbc(), TestDatabase.transactions());

    private static Posting transfer(String key, String from, String to, long minor) {
        var amount = Money.of(minor, "EUR");
        return new Posting(key, "TEST", "ref-" + key, "test transfer",
                List.of(Posting.Line.debit(from, amount), Posting.Line.credit(to, amount)));
    }

    @Test
    void postsBalancedEntriesOnceForTheSameKey() {
        String key = "k-" + UUID.randomUUID();
        String a = "acc-" + UUID.randomUUID();
        String b = "acc-" + UUID.randomUUID();

        var first = ledger.post(transfer(key, a, b, 12_345));
        var second = ledger.post(transfer(key, a, b, 12_345));

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.transactionId()).isEqualTo(first.transactionId());
        assertThat(ledger.balanceOf(a)).containsEntry("EUR", 12_345L);
        assertThat(ledger.balanceOf(b)).containsEntry("EUR", -12_345L);
        assertThat(ledger.transactionsFor("ref-" + key)).hasSize(1);
        assertThat(ledger.trialBalance().values()).allMatch(net -> net == 0L);
    }

    @Test
    void concurrentPostingsWithOneKeyPostOnce() throws Exception {
        String key = "k-" + UUID.randomUUID();
        String a = "acc-" + UUID.randomUUID();
        String b = "acc-" + UUID.randomUUID();
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<PostingResult>> calls = java.util.stream.IntStream.range(0, 16)
                    .mapToObj(i -> (Callable<PostingResult>) () -> ledger.post(transfer(key, a, b, 500)))
                    .toList();
            var results = pool.invokeAll(calls);
            long created = 0;
            for (Future<PostingResult> result : results) {
                if (result.get().created()) {
                    created++;
                }
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledger.balanceOf(a)).containsEntry("EUR", 500L);
    }

    @Test
    void refusesAnUnbalancedPostingBeforeTouchingTheDatabase() {
        var lines = List.of(
                Posting.Line.debit("x", Money.of(100, "EUR")), Posting.Line.credit("y", Money.of(99, "EUR")));
        assertThatThrownBy(() -> new Posting("k-unbalanced", "TEST", null, null, lines))
                .isInstanceOf(UnbalancedPostingException.class)
                .hasMessageContaining("debits minus credits = 1");
    }

    @Test
    void databaseRefusesUnbalancedOrEditedEntries() {
        var jdbc = TestDatabase.jdbc();
        var tx = TestDatabase.transactions();
        String key = "k-" + UUID.randomUUID();

        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                    long id = jdbc.sql("insert into ledger_transaction (idempotency_key, kind) values (:k, 'RAW') returning transaction_id")
                            .param("k", key)
                            .query(Long.class)
                            .single();
                    jdbc.sql("insert into ledger_entry (transaction_id, account, debit_minor, currency) values (:id, 'raw', 10, 'EUR')")
                            .param("id", id)
                            .update();
                }))
                .isInstanceOf(TransactionSystemException.class)
                .rootCause()
                .hasMessageContaining("is not balanced");
        assertThat(jdbc.sql("select count(*) from ledger_transaction where idempotency_key = :k").param("k", key)
                        .query(Long.class).single())
                .isZero();

        var posted = ledger.post(transfer("k-" + UUID.randomUUID(), "e1", "e2", 7));
        assertThatThrownBy(() -> jdbc.sql("update ledger_entry set debit_minor = 8 where transaction_id = :id and debit_minor = 7")
                        .param("id", posted.transactionId())
                        .update())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("immutable");
    }
}
