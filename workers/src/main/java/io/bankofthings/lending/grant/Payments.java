package io.bankofthings.lending.grant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Thing payments and the period counters of grants. Callers hold the transaction and the grant's row lock. */
@Repository
public class Payments {

    /** Spent amount and payment count of a grant in one period. */
    public record Usage(long amountMinor, int count) {
        static final Usage NONE = new Usage(0, 0);
    }

    private final JdbcClient jdbc;

    public Payments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ThingPayment> find(String thingId, String idempotencyKey) {
        return jdbc.sql("select * from thing_payment where thing_id = :thingId and idempotency_key = :key")
                .param("thingId", thingId)
                .param("key", idempotencyKey)
                .query(Payments::map)
                .optional();
    }

    /** Inserts the payment unless one with its key exists; true if this call inserted it. */
    boolean insert(ThingPayment p) {
        return jdbc.sql("""
                        insert into thing_payment (payment_id, thing_id, grant_id, idempotency_key, amount_minor, currency,
                            counterparty, merchant_category, description, result, refusal_rule, refusal_detail,
                            ledger_transaction_id, created_at)
                        values (:paymentId, :thingId, :grantId, :key, :amount, :currency, :counterparty, :category,
                            :description, :result, :rule, :detail, :ledgerTx, :createdAt)
                        on conflict (thing_id, idempotency_key) do nothing""")
                .param("paymentId", p.paymentId())
                .param("thingId", p.thingId())
                .param("grantId", p.grantId())
                .param("key", p.idempotencyKey())
                .param("amount", p.amountMinor())
                .param("currency", p.currency())
                .param("counterparty", p.counterparty())
                .param("category", p.merchantCategory())
                .param("description", p.description())
                .param("result", p.result())
                .param("rule", p.refusalRule() == null ? null : p.refusalRule().name())
                .param("detail", p.refusalDetail())
                .param("ledgerTx", p.ledgerTransactionId())
                .param("createdAt", java.sql.Timestamp.from(p.createdAt()))
                .update() == 1;
    }

    /** Usage of the grant in the periods that contain this day. */
    public Map<Period, Usage> usage(String grantId, LocalDate day) {
        var usage = new EnumMap<Period, Usage>(Period.class);
        for (Period period : Period.values()) {
            usage.put(period, Usage.NONE);
        }
        jdbc.sql("""
                        select period, amount_minor, payment_count from grant_counter where grant_id = :grantId
                        and ((period = 'DAY' and period_start = :day) or (period = 'WEEK' and period_start = :week)
                             or (period = 'MONTH' and period_start = :month))""")
                .param("grantId", grantId)
                .param("day", Period.DAY.start(day))
                .param("week", Period.WEEK.start(day))
                .param("month", Period.MONTH.start(day))
                .query((rs, n) -> Map.entry(Period.valueOf(rs.getString("period")),
                        new Usage(rs.getLong("amount_minor"), rs.getInt("payment_count"))))
                .list()
                .forEach(e -> usage.put(e.getKey(), e.getValue()));
        return usage;
    }

    /** Adds an authorized payment to the counters of every period containing this day. */
    void count(String grantId, LocalDate day, long amountMinor) {
        jdbc.sql("""
                        insert into grant_counter (grant_id, period, period_start, amount_minor, payment_count)
                        values (:grantId, 'DAY', :day, :amount, 1), (:grantId, 'WEEK', :week, :amount, 1),
                               (:grantId, 'MONTH', :month, :amount, 1)
                        on conflict (grant_id, period, period_start) do update
                        set amount_minor = grant_counter.amount_minor + excluded.amount_minor,
                            payment_count = grant_counter.payment_count + 1""")
                .param("grantId", grantId)
                .param("day", Period.DAY.start(day))
                .param("week", Period.WEEK.start(day))
                .param("month", Period.MONTH.start(day))
                .param("amount", amountMinor)
                .update();
    }

    /** Payments of the grant since an instant, whatever their result: the burst measure. */
    long countSince(String grantId, Instant since) {
        return jdbc.sql("select count(*) from thing_payment where grant_id = :grantId and created_at >= :since")
                .param("grantId", grantId)
                .param("since", java.sql.Timestamp.from(since))
                .query(Long.class)
                .single();
    }

    /** The grant's payments, newest first. */
    public List<ThingPayment> forGrant(String grantId, int limit) {
        return jdbc.sql("select * from thing_payment where grant_id = :grantId order by created_at desc, payment_id limit :limit")
                .param("grantId", grantId)
                .param("limit", limit)
                .query(Payments::map)
                .list();
    }

    static ThingPayment map(ResultSet rs, int row) throws SQLException {
        long ledgerTx = rs.getLong("ledger_transaction_id");
        Long ledgerTxOrNull = rs.wasNull() ? null : ledgerTx;
        String rule = rs.getString("refusal_rule");
        return new ThingPayment(
                rs.getString("payment_id"),
                rs.getString("thing_id"),
                rs.getString("grant_id"),
                rs.getString("idempotency_key"),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                rs.getString("counterparty"),
                rs.getString("merchant_category"),
                rs.getString("description"),
                rs.getString("result"),
                rule == null ? null : RefusalRule.valueOf(rule),
                rs.getString("refusal_detail"),
                ledgerTxOrNull,
                rs.getTimestamp("created_at").toInstant());
    }
}
