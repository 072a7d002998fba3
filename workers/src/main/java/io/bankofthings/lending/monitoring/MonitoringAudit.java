package io.bankofthings.lending.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The append-only audit of monitoring actions: who, what, when, on which process instance. */
@Repository
public class MonitoringAudit {

    /** Actor of automatic actions (rules, process jobs). */
    public static final String SYSTEM = "system";

    /**
     * One audited action.
     *
     * @param detail small facts, never payloads or personal data beyond the actor
     */
    public record Entry(long id, Instant at, String actor, String action, String loanId, @Nullable String alertId,
            @Nullable Long processInstanceKey, Map<String, Object> detail) {}

    private final JdbcClient jdbc;

    public MonitoringAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String actor, String action, String loanId, @Nullable String alertId,
            @Nullable Long processInstanceKey, Map<String, ?> detail) {
        jdbc.sql("""
                        insert into monitoring_audit (actor, action, loan_id, alert_id, process_instance_key, detail)
                        values (:actor, :action, :loanId, :alertId, :key, cast(:detail as jsonb))""")
                .param("actor", actor)
                .param("action", action)
                .param("loanId", loanId)
                .param("alertId", alertId)
                .param("key", processInstanceKey)
                .param("detail", Json.write(detail))
                .update();
    }

    /** The trail of one alert, oldest first. */
    public List<Entry> ofAlert(String alertId) {
        return jdbc.sql("select * from monitoring_audit where alert_id = :id order by id")
                .param("id", alertId)
                .query((rs, n) -> {
                    long key = rs.getLong("process_instance_key");
                    Long processInstanceKey = rs.wasNull() ? null : key;
                    return new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                            rs.getString("action"), rs.getString("loan_id"), rs.getString("alert_id"), processInstanceKey,
                            Json.readMap(rs.getString("detail")));
                })
                .list();
    }
}
