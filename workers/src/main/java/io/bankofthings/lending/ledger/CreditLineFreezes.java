package io.bankofthings.lending.ledger;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Freezes of a loan's undrawn credit line and further disbursements, one per reason (an alert id). The loan is frozen
 * while any freeze is not released; the ledger refuses disbursement and drawdown postings then.
 */
@Repository
public class CreditLineFreezes {

    private final JdbcClient jdbc;

    public CreditLineFreezes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Freezes for this reason unless it already did; true when a new freeze was recorded. */
    public boolean freeze(String loanId, String reason, String by) {
        return jdbc.sql("""
                        insert into credit_line_freeze (loan_id, alert_id, frozen_by) values (:loanId, :reason, :by)
                        on conflict (loan_id, alert_id) do nothing""")
                .param("loanId", loanId)
                .param("reason", reason)
                .param("by", by)
                .update() == 1;
    }

    /** Releases the freeze of this reason; true when it was active. Other reasons keep the loan frozen. */
    public boolean release(String loanId, String reason, String by) {
        return jdbc.sql("""
                        update credit_line_freeze set released_at = now(), released_by = :by
                        where loan_id = :loanId and alert_id = :reason and released_at is null""")
                .param("loanId", loanId)
                .param("reason", reason)
                .param("by", by)
                .update() == 1;
    }

    public boolean isFrozen(String loanId) {
        return !activeReasons(loanId).isEmpty();
    }

    /** Reasons (alert ids) of the active freezes, oldest first. */
    public List<String> activeReasons(String loanId) {
        return jdbc.sql("""
                        select alert_id from credit_line_freeze where loan_id = :loanId and released_at is null
                        order by frozen_at, alert_id""")
                .param("loanId", loanId)
                .query(String.class)
                .list();
    }
}
