package io.bankofthings.lending.readmodel;

import io.bankofthings.lending.readmodel.ProcessInstanceDetail.Decision;
import io.bankofthings.lending.readmodel.ProcessInstanceDetail.Element;
import io.bankofthings.lending.readmodel.ProcessInstanceDetail.HistoryEntry;
import io.bankofthings.lending.readmodel.ProcessInstanceDetail.Incident;
import io.bankofthings.lending.readmodel.ProcessInstanceDetail.Job;
import io.bankofthings.lending.readmodel.ProcessInstanceDetail.MessageCorrelation;
import io.bankofthings.lending.readmodel.ProcessInstanceDetail.Variable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Searches of the process read model: instances by filter and business key, one instance in detail, incidents. */
@Repository
public class ProcessInstances {

    private final JdbcClient jdbc;

    public ProcessInstances(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Instances matching the filter, newest first. */
    public List<ProcessInstanceSummary> search(ProcessInstanceFilter filter) {
        var where = new ArrayList<String>();
        var params = new LinkedHashMap<String, Object>();
        if (filter.processId() != null) {
            where.add("p.bpmn_process_id = :processId");
            params.put("processId", filter.processId());
        }
        if (filter.state() != null) {
            where.add("p.state = :state");
            params.put("state", filter.state().name());
        }
        if (filter.businessKey() != null) {
            where.add("exists (select 1 from rm_business_key b where b.process_instance_key = p.process_instance_key"
                    + " and b.key_value = :businessKey)");
            params.put("businessKey", filter.businessKey());
        }
        if (filter.startedFrom() != null) {
            where.add("p.started_at >= :from");
            params.put("from", Timestamp.from(filter.startedFrom()));
        }
        if (filter.startedTo() != null) {
            where.add("p.started_at < :to");
            params.put("to", Timestamp.from(filter.startedTo()));
        }
        if (filter.hasIncident() != null) {
            where.add((filter.hasIncident() ? "" : "not ")
                    + "exists (select 1 from rm_incident i where i.process_instance_key = p.process_instance_key"
                    + " and i.state = 'ACTIVE')");
        }
        String sql = "select p.* from rm_process_instance p"
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by p.started_at desc, p.process_instance_key desc limit :limit offset :offset";
        params.put("limit", filter.limit());
        params.put("offset", filter.offset());
        var rows = jdbc.sql(sql).params(params).query(this::row).list();
        return rows.stream().map(this::summary).toList();
    }

    public Optional<ProcessInstanceSummary> find(long processInstanceKey) {
        return jdbc.sql("select * from rm_process_instance where process_instance_key = :key")
                .param("key", processInstanceKey)
                .query(this::row)
                .optional()
                .map(this::summary);
    }

    public Optional<ProcessInstanceDetail> detail(long processInstanceKey) {
        return find(processInstanceKey).map(instance -> new ProcessInstanceDetail(
                instance,
                elements(processInstanceKey),
                incidents(processInstanceKey),
                variables(processInstanceKey),
                jobs(processInstanceKey),
                decisions(processInstanceKey),
                messages(processInstanceKey),
                history(processInstanceKey)));
    }

    public Optional<Incident> incident(long incidentKey) {
        return jdbc.sql("select * from rm_incident where incident_key = :key")
                .param("key", incidentKey)
                .query(ProcessInstances::incident)
                .optional();
    }

    public List<Incident> incidents(long processInstanceKey) {
        return jdbc.sql("select * from rm_incident where process_instance_key = :key order by position")
                .param("key", processInstanceKey)
                .query(ProcessInstances::incident)
                .list();
    }

    private List<Element> elements(long key) {
        return jdbc.sql("select * from rm_element_instance where process_instance_key = :key order by element_instance_key")
                .param("key", key)
                .query((rs, n) -> new Element(
                        rs.getLong("element_instance_key"),
                        nullableLong(rs, "flow_scope_key"),
                        rs.getString("element_id"),
                        rs.getString("element_type"),
                        ProcessInstanceState.valueOf(rs.getString("state")),
                        instant(rs, "started_at"),
                        instant(rs, "ended_at")))
                .list();
    }

    private List<Variable> variables(long key) {
        return jdbc.sql("select * from rm_variable where process_instance_key = :key order by scope_key, name")
                .param("key", key)
                .query((rs, n) -> new Variable(
                        rs.getLong("scope_key"),
                        rs.getString("name"),
                        rs.getString("value"),
                        rs.getBoolean("truncated"),
                        instant(rs, "updated_at")))
                .list();
    }

    private List<Job> jobs(long key) {
        return jdbc.sql("select * from rm_job where process_instance_key = :key order by job_key")
                .param("key", key)
                .query((rs, n) -> new Job(
                        rs.getLong("job_key"),
                        rs.getLong("element_instance_key"),
                        rs.getString("element_id"),
                        rs.getString("job_type"),
                        rs.getBoolean("user_task"),
                        rs.getString("state"),
                        rs.getInt("retries"),
                        rs.getString("worker"),
                        rs.getString("error_message"),
                        instant(rs, "updated_at")))
                .list();
    }

    private List<Decision> decisions(long key) {
        return jdbc.sql("select * from rm_decision where process_instance_key = :key order by position")
                .param("key", key)
                .query((rs, n) -> new Decision(
                        rs.getLong("decision_evaluation_key"),
                        rs.getString("element_id"),
                        rs.getString("decision_id"),
                        rs.getString("decision_name"),
                        rs.getString("decision_output"),
                        rs.getString("failure_message"),
                        instant(rs, "evaluated_at")))
                .list();
    }

    private List<MessageCorrelation> messages(long key) {
        return jdbc.sql("select * from rm_message_correlation where process_instance_key = :key order by partition_id, position")
                .param("key", key)
                .query((rs, n) -> new MessageCorrelation(
                        rs.getString("message_name"),
                        rs.getString("correlation_key"),
                        rs.getLong("element_instance_key"),
                        instant(rs, "correlated_at")))
                .list();
    }

    private List<HistoryEntry> history(long key) {
        return jdbc.sql("select * from rm_history where process_instance_key = :key order by partition_id, position")
                .param("key", key)
                .query((rs, n) -> new HistoryEntry(
                        rs.getLong("position"),
                        instant(rs, "at"),
                        rs.getString("value_type"),
                        rs.getString("intent"),
                        rs.getLong("record_key"),
                        rs.getString("element_id"),
                        rs.getString("detail")))
                .list();
    }

    private record Row(
            long key, String processId, int version, long definitionKey, Long parentKey, String state,
            Instant startedAt, Instant endedAt) {}

    private Row row(ResultSet rs, int n) throws SQLException {
        return new Row(
                rs.getLong("process_instance_key"),
                rs.getString("bpmn_process_id"),
                rs.getInt("version"),
                rs.getLong("process_definition_key"),
                nullableLong(rs, "parent_process_instance_key"),
                rs.getString("state"),
                instant(rs, "started_at"),
                instant(rs, "ended_at"));
    }

    private ProcessInstanceSummary summary(Row row) {
        var keys = new LinkedHashMap<String, List<String>>();
        jdbc.sql("select key_name, key_value from rm_business_key where process_instance_key = :key order by key_name, key_value")
                .param("key", row.key())
                .query((rs, n) -> Map.entry(rs.getString("key_name"), rs.getString("key_value")))
                .list()
                .forEach(e -> keys.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        int incidents = jdbc.sql("select count(*) from rm_incident where process_instance_key = :key and state = 'ACTIVE'")
                .param("key", row.key())
                .query(Integer.class)
                .single();
        return new ProcessInstanceSummary(row.key(), row.processId(), row.version(), row.definitionKey(), row.parentKey(),
                ProcessInstanceState.valueOf(row.state()), row.startedAt(), row.endedAt(), keys, incidents);
    }

    private static Incident incident(ResultSet rs, int n) throws SQLException {
        return new Incident(
                rs.getLong("incident_key"),
                rs.getLong("process_instance_key"),
                rs.getLong("element_instance_key"),
                rs.getString("element_id"),
                nullableLong(rs, "job_key"),
                rs.getString("error_type"),
                rs.getString("error_message"),
                rs.getString("state"),
                instant(rs, "created_at"),
                instant(rs, "resolved_at"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** The BPMN of a deployed process definition, if the read model saw its deployment. */
    public Optional<String> definitionXml(long processDefinitionKey) {
        return jdbc.sql("select bpmn_xml from rm_process_definition where process_definition_key = :key")
                .param("key", processDefinitionKey)
                .query(String.class)
                .optional();
    }
}
