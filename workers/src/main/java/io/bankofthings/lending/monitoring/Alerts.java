package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.resume.EngineGeneration;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stored alerts; the alert id is the primary key, so the database refuses a repeated alert. */
@Repository
public class Alerts {

    private final JdbcClient jdbc;

    public Alerts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the alert unless its id exists; true when stored. */
    boolean insert(AlertCandidate c, Instant raisedAt) {
        return jdbc.sql("""
                        insert into monitoring_alert (alert_id, loan_id, collateral_id, device_id, type, severity, status, evidence,
                            observed_at, raised_at)
                        values (:id, :loanId, :collateralId, :deviceId, :type, :severity, 'RAISED', cast(:evidence as jsonb),
                            :observedAt, :raisedAt)
                        on conflict (alert_id) do nothing""")
                .param("id", c.alertId())
                .param("loanId", c.loanId())
                .param("collateralId", c.collateralId())
                .param("deviceId", c.deviceId())
                .param("type", c.type().name())
                .param("severity", c.severity().name())
                .param("evidence", Json.write(c.evidence()))
                .param("observedAt", Timestamp.from(c.observedAt()))
                .param("raisedAt", Timestamp.from(raisedAt))
                .update() == 1;
    }

    public Optional<Alert> find(String alertId) {
        return jdbc.sql("select * from monitoring_alert where alert_id = :id")
                .param("id", alertId)
                .query(Alerts::map)
                .optional();
    }

    Optional<Alert> findForUpdate(String alertId) {
        return jdbc.sql("select * from monitoring_alert where alert_id = :id for update")
                .param("id", alertId)
                .query(Alerts::map)
                .optional();
    }

    /** Alerts of a loan, newest first. */
    /** The newest alerts of every loan, at most {@code limit}. */
    public List<Alert> recent(int limit) {
        return jdbc.sql("select * from monitoring_alert order by raised_at desc, alert_id limit :limit")
                .param("limit", limit)
                .query(Alerts::map)
                .list();
    }

    public List<Alert> ofLoan(String loanId) {
        return jdbc.sql("select * from monitoring_alert where loan_id = :loanId order by raised_at desc, alert_id")
                .param("loanId", loanId)
                .query(Alerts::map)
                .list();
    }

    /** Alerts of this collateral, type and severity that have not ended. */
    List<Alert> open(String collateralId, AlertType type, Severity severity) {
        return jdbc.sql("""
                        select * from monitoring_alert where collateral_id = :collateralId and type = :type
                        and severity = :severity and resolved_at is null order by raised_at""")
                .param("collateralId", collateralId)
                .param("type", type.name())
                .param("severity", severity.name())
                .query(Alerts::map)
                .list();
    }

    List<Alert> openOfLoan(String loanId) {
        return jdbc.sql("select * from monitoring_alert where loan_id = :loanId and resolved_at is null order by raised_at")
                .param("loanId", loanId)
                .query(Alerts::map)
                .list();
    }

    List<Alert> unpublished(int limit) {
        return jdbc.sql("select * from monitoring_alert where published_at is null order by raised_at limit :limit")
                .param("limit", limit)
                .query(Alerts::map)
                .list();
    }

    /** Records the publication of the start message and the engine generation that starts the instance. */
    void markPublished(String alertId, Instant at, String generation) {
        jdbc.sql("""
                        update monitoring_alert set published_at = :at, process_generation = :generation
                        where alert_id = :id and published_at is null""")
                .param("id", alertId)
                .param("at", Timestamp.from(at))
                .param("generation", generation)
                .update();
    }

    /**
     * Open alerts, oldest first, whose instance was started (their message published) by another engine generation
     * and is therefore lost ({@link EngineGeneration#lost}).
     */
    List<String> findLostInstances(EngineGeneration current, int limit) {
        return jdbc.sql("""
                        select alert_id from monitoring_alert
                        where resolved_at is null and published_at is not null and\s"""
                        + EngineGeneration.LOST_CONDITION + " order by raised_at, alert_id limit :limit")
                .params(current.lostParams())
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    /** The engine generation recorded with the alert's instance; empty when none is (not published, or older). */
    Optional<String> processGeneration(String alertId) {
        return jdbc.sql("select process_generation from monitoring_alert where alert_id = :id")
                .param("id", alertId)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1)))
                .optional()
                .flatMap(g -> g);
    }

    /**
     * Records the engine generation that now runs the alert's instance, and its key when it has a new one (null: no
     * instance is needed, nothing of the alert is left to run).
     */
    void setProcessInstance(String alertId, @Nullable Long processInstanceKey, String generation) {
        jdbc.sql("""
                        update monitoring_alert set process_instance_key = coalesce(:key, process_instance_key),
                            process_generation = :generation where alert_id = :id""")
                .param("id", alertId)
                .param("key", processInstanceKey)
                .param("generation", generation)
                .update();
    }

    /** How far the responses to the alert went, from the tables they write; for resuming a lost instance. */
    AlertProgress progress(String alertId) {
        return jdbc.sql("""
                        select a.condition_resolved_at, m.deadline, m.status,
                            exists (select 1 from borrower_notification n where n.alert_id = a.alert_id) as warned,
                            exists (select 1 from credit_line_freeze f where f.alert_id = a.alert_id) as frozen
                        from monitoring_alert a left join margin_call m on m.alert_id = a.alert_id
                        where a.alert_id = :id""")
                .param("id", alertId)
                .query((rs, n) -> new AlertProgress(
                        instant(rs.getTimestamp("condition_resolved_at")),
                        instant(rs.getTimestamp("deadline")),
                        rs.getString("status"),
                        rs.getBoolean("warned"),
                        rs.getBoolean("frozen")))
                .single();
    }

    /** Marks the condition resolved once; true the first time. */
    boolean markConditionResolved(String alertId, Instant at) {
        return jdbc.sql("""
                        update monitoring_alert set condition_resolved_at = :at
                        where alert_id = :id and condition_resolved_at is null and resolved_at is null""")
                .param("id", alertId)
                .param("at", Timestamp.from(at))
                .update() == 1;
    }

    void recordResponse(String alertId, Map<String, Object> response, String status, long processInstanceKey) {
        jdbc.sql("""
                        update monitoring_alert set response = cast(:response as jsonb), status = :status,
                            process_instance_key = :key where alert_id = :id""")
                .param("id", alertId)
                .param("response", Json.write(response))
                .param("status", status)
                .param("key", processInstanceKey)
                .update();
    }

    void setStatus(String alertId, String status) {
        jdbc.sql("update monitoring_alert set status = :status where alert_id = :id")
                .param("id", alertId)
                .param("status", status)
                .update();
    }

    /** Ends the alert with a final status; an alert that already ended keeps its first resolution. */
    boolean resolve(String alertId, String status, String by, Instant at) {
        return jdbc.sql("""
                        update monitoring_alert set status = :status, resolved_at = :at, resolved_by = :by
                        where alert_id = :id and resolved_at is null""")
                .param("id", alertId)
                .param("status", status)
                .param("by", by)
                .param("at", Timestamp.from(at))
                .update() == 1;
    }

    private static Alert map(ResultSet rs, int row) throws SQLException {
        long key = rs.getLong("process_instance_key");
        Long processInstanceKey = rs.wasNull() ? null : key;
        return new Alert(
                rs.getString("alert_id"),
                rs.getString("loan_id"),
                rs.getString("collateral_id"),
                rs.getString("device_id"),
                AlertType.valueOf(rs.getString("type")),
                Severity.valueOf(rs.getString("severity")),
                rs.getString("status"),
                Json.readMap(rs.getString("evidence")),
                rs.getTimestamp("observed_at").toInstant(),
                rs.getTimestamp("raised_at").toInstant(),
                instant(rs.getTimestamp("published_at")),
                Json.readMap(rs.getString("response")),
                processInstanceKey,
                instant(rs.getTimestamp("resolved_at")),
                rs.getString("resolved_by"));
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
