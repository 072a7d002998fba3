package io.bankofthings.lending.web.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The append-only audit trail in PostgreSQL ({@code audit_event}); rows are never updated or deleted. */
@Repository
public class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final TypeReference<Map<String, Object>> DETAIL = new TypeReference<>() {};

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records an action.
     *
     * @param processInstanceKey the instance the action touched, or null
     * @param outcome {@link AuditEvent#DONE} or {@link AuditEvent#REFUSED}
     * @param detail small, JSON-serializable facts (no payloads, no personal data beyond the actor)
     */
    public void record(String actor, String action, String subjectType, String subjectId, Long processInstanceKey,
            String outcome, Map<String, ?> detail) {
        jdbc.sql("""
                        insert into audit_event (actor, action, subject_type, subject_id, process_instance_key, outcome, detail)
                        values (:actor, :action, :subjectType, :subjectId, :key, :outcome, cast(:detail as jsonb))""")
                .param("actor", actor)
                .param("action", action)
                .param("subjectType", subjectType)
                .param("subjectId", subjectId)
                .param("key", processInstanceKey)
                .param("outcome", outcome)
                .param("detail", toJson(detail))
                .update();
    }

    /** The events about one subject, oldest first. */
    public List<AuditEvent> about(String subjectType, String subjectId) {
        return jdbc.sql("select * from audit_event where subject_type = :type and subject_id = :id order by id")
                .param("type", subjectType)
                .param("id", subjectId)
                .query((rs, n) -> {
                    long key = rs.getLong("process_instance_key");
                    return new AuditEvent(
                            rs.getLong("id"),
                            rs.getTimestamp("at").toInstant(),
                            rs.getString("actor"),
                            rs.getString("action"),
                            rs.getString("subject_type"),
                            rs.getString("subject_id"),
                            rs.wasNull() ? null : key,
                            rs.getString("outcome"),
                            fromJson(rs.getString("detail")));
                })
                .list();
    }

    private static String toJson(Map<String, ?> detail) {
        try {
            return JSON.writeValueAsString(detail == null ? Map.of() : detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Audit detail cannot be written as JSON: " + detail.keySet(), e);
        }
    }

    private static Map<String, Object> fromJson(String json) {
        try {
            return JSON.readValue(json, DETAIL);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored audit detail is not valid JSON", e);
        }
    }
}
