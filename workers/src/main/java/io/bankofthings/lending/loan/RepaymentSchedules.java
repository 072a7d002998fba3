package io.bankofthings.lending.loan;

import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Repayment schedules and received repayments in PostgreSQL. Callers hold the transaction. */
@Repository
class RepaymentSchedules {

    private final JdbcClient jdbc;

    RepaymentSchedules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean exists(String loanId) {
        return jdbc.sql("select count(*) from repayment_installment where loan_id = :loanId")
                .param("loanId", loanId).query(Long.class).single() > 0;
    }

    void insert(String loanId, List<Installment> installments) {
        for (var i : installments) {
            jdbc.sql("""
                            insert into repayment_installment (loan_id, seq, due_date, principal_minor, interest_minor)
                            values (:loanId, :seq, :due, :principal, :interest)""")
                    .param("loanId", loanId)
                    .param("seq", i.seq())
                    .param("due", Date.valueOf(i.dueDate()))
                    .param("principal", i.principalMinor())
                    .param("interest", i.interestMinor())
                    .update();
        }
    }

    /** The instalments with days past due as of {@code today}. */
    List<ScheduledInstallment> installments(String loanId, LocalDate today) {
        return jdbc.sql("select * from repayment_installment where loan_id = :loanId order by seq")
                .param("loanId", loanId)
                .query((rs, n) -> {
                    LocalDate due = rs.getDate("due_date").toLocalDate();
                    Date paid = rs.getDate("paid_on");
                    LocalDate paidOn = paid == null ? null : paid.toLocalDate();
                    LocalDate until = paidOn == null ? today : paidOn;
                    long dpd = Math.max(0, ChronoUnit.DAYS.between(due, until));
                    return new ScheduledInstallment(rs.getInt("seq"), due, rs.getLong("principal_minor"),
                            rs.getLong("interest_minor"), rs.getLong("paid_principal_minor"), rs.getLong("paid_interest_minor"),
                            rs.getLong("waived_interest_minor"), paidOn, dpd);
                })
                .list();
    }

    void update(String loanId, ScheduledInstallment i) {
        jdbc.sql("""
                        update repayment_installment set paid_principal_minor = :principal, paid_interest_minor = :interest,
                               waived_interest_minor = :waived, paid_on = :paidOn where loan_id = :loanId and seq = :seq""")
                .param("principal", i.paidPrincipalMinor())
                .param("interest", i.paidInterestMinor())
                .param("waived", i.waivedInterestMinor())
                .param("paidOn", i.paidOn() == null ? null : Date.valueOf(i.paidOn()))
                .param("loanId", loanId)
                .param("seq", i.seq())
                .update();
    }

    record StoredRepayment(String kind, long amountMinor, long principalMinor, long interestMinor, long transactionId) {}

    Optional<StoredRepayment> find(String loanId, String idempotencyKey) {
        return jdbc.sql("""
                        select kind, amount_minor, principal_minor, interest_minor, transaction_id from loan_repayment
                        where loan_id = :loanId and idempotency_key = :key""")
                .param("loanId", loanId)
                .param("key", idempotencyKey)
                .query((rs, n) -> new StoredRepayment(rs.getString("kind"), rs.getLong("amount_minor"),
                        rs.getLong("principal_minor"), rs.getLong("interest_minor"), rs.getLong("transaction_id")))
                .optional();
    }

    void insertRepayment(String loanId, String key, StoredRepayment repayment, String receivedBy) {
        jdbc.sql("""
                        insert into loan_repayment (loan_id, idempotency_key, kind, amount_minor, principal_minor,
                               interest_minor, transaction_id, received_by)
                        values (:loanId, :key, :kind, :amount, :principal, :interest, :tx, :by)""")
                .param("loanId", loanId)
                .param("key", key)
                .param("kind", repayment.kind())
                .param("amount", repayment.amountMinor())
                .param("principal", repayment.principalMinor())
                .param("interest", repayment.interestMinor())
                .param("tx", repayment.transactionId())
                .param("by", receivedBy)
                .update();
    }

    long repaidMinor(String loanId) {
        return jdbc.sql("select coalesce(sum(amount_minor), 0) from loan_repayment where loan_id = :loanId")
                .param("loanId", loanId).query(Long.class).single();
    }
}
