package io.bankofthings.lending.ledger;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The double-entry ledger in PostgreSQL. Postings are idempotent by key, entries are immutable and the
 * database refuses an unbalanced transaction at commit.
 */
@Service
public class Ledger {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

    /** Posting kinds that pay out credit: refused while the loan (the posting's reference) is frozen. */
    public static final java.util.Set<String> CREDIT_KINDS = java.util.Set.of("DISBURSEMENT", "DRAWDOWN");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public Ledger(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Posts once per idempotency key; a repeated call returns the first transaction with {@code created=false}.
     *
     * @throws CreditLineFrozenException for a new {@link #CREDIT_KINDS} posting on a loan whose credit line is frozen
     */
    public PostingResult post(Posting posting) {
        return tx.execute(status -> {
            if (CREDIT_KINDS.contains(posting.kind())) {
                refuseWhileFrozen(posting);
            }
            var inserted = jdbc.sql("""
                            insert into ledger_transaction (idempotency_key, kind, reference, description)
                            values (:key, :kind, :reference, :description)
                            on conflict (idempotency_key) do nothing
                            returning transaction_id""")
                    .param("key", posting.idempotencyKey())
                    .param("kind", posting.kind())
                    .param("reference", posting.reference())
                    .param("description", posting.description())
                    .query(Long.class)
                    .optional();
            if (inserted.isEmpty()) {
                long existing = jdbc.sql("select transaction_id from ledger_transaction where idempotency_key = :key")
                        .param("key", posting.idempotencyKey())
                        .query(Long.class)
                        .single();
                LOG.info("Ledger posting {} already recorded as transaction {}", posting.idempotencyKey(), existing);
                return new PostingResult(existing, false);
            }
            long id = inserted.get();
            for (Posting.Line line : posting.lines()) {
                jdbc.sql("""
                                insert into ledger_entry (transaction_id, account, debit_minor, credit_minor, currency)
                                values (:tx, :account, :debit, :credit, :currency)""")
                        .param("tx", id)
                        .param("account", line.account())
                        .param("debit", line.debit() ? line.amount().minor() : 0L)
                        .param("credit", line.debit() ? 0L : line.amount().minor())
                        .param("currency", line.amount().currency())
                        .update();
            }
            LOG.info("Ledger posted {} {} for {} as transaction {}", posting.kind(), posting.idempotencyKey(),
                    posting.reference(), id);
            return new PostingResult(id, true);
        });
    }

    private void refuseWhileFrozen(Posting posting) {
        boolean posted = jdbc.sql("select count(*) from ledger_transaction where idempotency_key = :key")
                .param("key", posting.idempotencyKey())
                .query(Long.class)
                .single() > 0;
        if (posted) {
            return;
        }
        var reasons = jdbc.sql("""
                        select alert_id from credit_line_freeze where loan_id = :loanId and released_at is null
                        order by frozen_at, alert_id""")
                .param("loanId", posting.reference())
                .query(String.class)
                .list();
        if (!reasons.isEmpty()) {
            LOG.warn("Ledger refused {} {} for {}: credit line frozen", posting.kind(), posting.idempotencyKey(),
                    posting.reference());
            throw new CreditLineFrozenException(posting.reference(), reasons);
        }
    }

    /** Balance of an account as debits minus credits, in minor units, per currency. */
    public Map<String, Long> balanceOf(String account) {
        var balances = new java.util.TreeMap<String, Long>();
        jdbc.sql("""
                        select currency, coalesce(sum(debit_minor) - sum(credit_minor), 0) as net
                        from ledger_entry where account = :account group by currency""")
                .param("account", account)
                .query((rs, n) -> Map.entry(rs.getString("currency"), rs.getLong("net")))
                .list()
                .forEach(e -> balances.put(e.getKey(), e.getValue()));
        return balances;
    }

    /** Debits minus credits over the whole ledger per currency: zero for every currency when the books balance. */
    public Map<String, Long> trialBalance() {
        var balances = new java.util.TreeMap<String, Long>();
        jdbc.sql("select currency, sum(debit_minor) - sum(credit_minor) as net from ledger_entry group by currency")
                .query((rs, n) -> Map.entry(rs.getString("currency"), rs.getLong("net")))
                .list()
                .forEach(e -> balances.put(e.getKey(), e.getValue()));
        return balances;
    }

    /** Transactions posted for a business key (loanId, grantId), oldest first. */
    public List<LedgerTransaction> transactionsFor(String reference) {
        return jdbc.sql("""
                        select transaction_id, idempotency_key, kind, reference, description, posted_at
                        from ledger_transaction where reference = :reference order by transaction_id""")
                .param("reference", reference)
                .query((rs, n) -> new LedgerTransaction(
                        rs.getLong("transaction_id"),
                        rs.getString("idempotency_key"),
                        rs.getString("kind"),
                        rs.getString("reference"),
                        rs.getString("description"),
                        rs.getTimestamp("posted_at").toInstant()))
                .list();
    }
}
