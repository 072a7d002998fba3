package io.bankofthings.lending.loan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Loan applications, their collateral and their timeline in PostgreSQL. Callers hold the transaction. */
@Repository
public class LoanApplications {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Integer>> FACTORS = new TypeReference<>() {};

    private final JdbcClient jdbc;

    public LoanApplications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String loanId, NewLoanApplication application, List<CollateralItem> collateral) {
        jdbc.sql("""
                        insert into loan_application (loan_id, borrower_id, borrower_username, amount_minor, currency,
                                                      term_months, purpose, status)
                        values (:loanId, :borrowerId, :username, :amount, :currency, :term, :purpose, :status)""")
                .param("loanId", loanId)
                .param("borrowerId", application.borrowerId())
                .param("username", application.borrowerUsername())
                .param("amount", application.amountMinor())
                .param("currency", application.currency())
                .param("term", application.termMonths())
                .param("purpose", application.purpose())
                .param("status", LoanStatus.SUBMITTED.name())
                .update();
        for (CollateralItem item : collateral) {
            jdbc.sql("""
                            insert into collateral_item (collateral_id, loan_id, kind, description, declared_value_minor, device_id)
                            values (:id, :loanId, :kind, :description, :value, :deviceId)""")
                    .param("id", item.collateralId())
                    .param("loanId", loanId)
                    .param("kind", item.kind().name())
                    .param("description", item.description())
                    .param("value", item.declaredValueMinor())
                    .param("deviceId", item.deviceId())
                    .update();
        }
    }

    public Optional<LoanApplication> find(String loanId) {
        return jdbc.sql("select * from loan_application where loan_id = :loanId")
                .param("loanId", loanId)
                .query(this::mapWithoutCollateral)
                .optional()
                .map(this::withCollateral);
    }

    /** Locks the row until the surrounding transaction ends; empty if there is no such application. */
    Optional<LoanApplication> findForUpdate(String loanId) {
        return jdbc.sql("select * from loan_application where loan_id = :loanId for update")
                .param("loanId", loanId)
                .query(this::mapWithoutCollateral)
                .optional()
                .map(this::withCollateral);
    }

    public List<LoanApplication> findByBorrower(String borrowerId) {
        return jdbc.sql("select * from loan_application where borrower_id = :borrowerId order by created_at desc")
                .param("borrowerId", borrowerId)
                .query(this::mapWithoutCollateral)
                .list()
                .stream()
                .map(this::withCollateral)
                .toList();
    }

    /** Applications in one status, oldest first (the underwriter queue reads REFERRED). */
    public List<LoanApplication> findByStatus(LoanStatus status) {
        return jdbc.sql("select * from loan_application where status = :status order by updated_at, loan_id")
                .param("status", status.name())
                .query(this::mapWithoutCollateral)
                .list()
                .stream()
                .map(this::withCollateral)
                .toList();
    }

    /** Applications whose process instance has not been started yet, oldest first. */
    List<String> findNotStarted(int limit) {
        return jdbc.sql("""
                        select loan_id from loan_application where process_instance_key is null
                        order by created_at limit :limit""")
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    /** Ids of applications that are not final yet. */
    public List<String> findOpenLoanIds() {
        return jdbc.sql("select loan_id from loan_application where status not in ('REJECTED','DISBURSED') order by created_at")
                .query(String.class)
                .list();
    }

    void setProcessInstanceKey(String loanId, long processInstanceKey) {
        jdbc.sql("update loan_application set process_instance_key = :key, updated_at = now() where loan_id = :loanId")
                .param("key", processInstanceKey)
                .param("loanId", loanId)
                .update();
    }

    void setScore(String loanId, int score, Map<String, Integer> factors) {
        jdbc.sql("""
                        update loan_application set score = :score, score_factors = cast(:factors as jsonb),
                               status = :status, updated_at = now() where loan_id = :loanId""")
                .param("score", score)
                .param("factors", toJson(factors))
                .param("status", LoanStatus.SCORED.name())
                .param("loanId", loanId)
                .update();
    }

    void setDecision(String loanId, LoanStatus status, String decision, String reason, String decidedBy) {
        jdbc.sql("""
                        update loan_application set status = :status, decision = :decision, decision_reason = :reason,
                               decided_by = :decidedBy, updated_at = now() where loan_id = :loanId""")
                .param("status", status.name())
                .param("decision", decision)
                .param("reason", reason)
                .param("decidedBy", decidedBy)
                .param("loanId", loanId)
                .update();
    }

    void setStatus(String loanId, LoanStatus status) {
        jdbc.sql("update loan_application set status = :status, updated_at = now() where loan_id = :loanId")
                .param("status", status.name())
                .param("loanId", loanId)
                .update();
    }

    void appendHistory(String loanId, LoanStatus status, String detail, String actor) {
        jdbc.sql("insert into loan_status_history (loan_id, status, detail, actor) values (:loanId, :status, :detail, :actor)")
                .param("loanId", loanId)
                .param("status", status.name())
                .param("detail", detail)
                .param("actor", actor)
                .update();
    }

    public List<StatusChange> history(String loanId) {
        return jdbc.sql("select status, detail, actor, at from loan_status_history where loan_id = :loanId order by id")
                .param("loanId", loanId)
                .query((rs, n) -> new StatusChange(
                        LoanStatus.valueOf(rs.getString("status")),
                        rs.getString("detail"),
                        rs.getString("actor"),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    private LoanApplication withCollateral(LoanApplication application) {
        var collateral = jdbc.sql("""
                        select collateral_id, kind, description, declared_value_minor, device_id
                        from collateral_item where loan_id = :loanId order by collateral_id""")
                .param("loanId", application.loanId())
                .query((rs, n) -> new CollateralItem(
                        rs.getString("collateral_id"),
                        CollateralKind.valueOf(rs.getString("kind")),
                        rs.getString("description"),
                        rs.getLong("declared_value_minor"),
                        rs.getString("device_id")))
                .list();
        return new LoanApplication(
                application.loanId(),
                application.borrowerId(),
                application.borrowerUsername(),
                application.amountMinor(),
                application.currency(),
                application.termMonths(),
                application.purpose(),
                application.status(),
                application.score(),
                application.scoreFactors(),
                application.decision(),
                application.decisionReason(),
                application.decidedBy(),
                application.processInstanceKey(),
                application.createdAt(),
                application.updatedAt(),
                collateral);
    }

    private LoanApplication mapWithoutCollateral(ResultSet rs, int row) throws SQLException {
        int score = rs.getInt("score");
        Integer scoreOrNull = rs.wasNull() ? null : score;
        long key = rs.getLong("process_instance_key");
        Long keyOrNull = rs.wasNull() ? null : key;
        return new LoanApplication(
                rs.getString("loan_id"),
                rs.getString("borrower_id"),
                rs.getString("borrower_username"),
                rs.getLong("amount_minor"),
                rs.getString("currency"),
                rs.getInt("term_months"),
                rs.getString("purpose"),
                LoanStatus.valueOf(rs.getString("status")),
                scoreOrNull,
                fromJson(rs.getString("score_factors")),
                rs.getString("decision"),
                rs.getString("decision_reason"),
                rs.getString("decided_by"),
                keyOrNull,
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                List.of());
    }

    private static String toJson(Map<String, Integer> factors) {
        try {
            return JSON.writeValueAsString(factors);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Score factors cannot be written as JSON", e);
        }
    }

    private static Map<String, Integer> fromJson(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, FACTORS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored score factors are not valid JSON", e);
        }
    }
}
