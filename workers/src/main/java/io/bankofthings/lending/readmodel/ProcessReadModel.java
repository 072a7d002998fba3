package io.bankofthings.lending.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Projects engine records into the read model tables. A batch is applied in one transaction; per partition only
 * records above the stored position change anything, so a record delivered twice (an exporter after a broker
 * crash, a poller after a restart) is ignored and the model never goes backwards. The projection does not know the
 * processes: element ids and variable names come from the records, business keys from variables named in
 * {@link #BUSINESS_KEYS} (top level, or one level down such as {@code collateral[].collateralId}).
 */
@Service
public class ProcessReadModel {

    /** Variable names whose values make an instance searchable. */
    public static final Set<String> BUSINESS_KEYS = Set.of("loanId", "grantId", "thingId", "collateralId");
    /** Longest variable value or decision output kept, in characters; longer ones are cut and marked truncated. */
    public static final int MAX_VALUE_CHARS = 8 * 1024;

    /** The value types whose events change the tables; a feed may leave out every other record. */
    public static final Set<String> PROJECTED_VALUE_TYPES = Set.of("PROCESS_INSTANCE", "VARIABLE", "JOB", "INCIDENT",
            "MESSAGE", "PROCESS_MESSAGE_SUBSCRIPTION", "DECISION_EVALUATION", "USER_TASK", "PROCESS");

    static final String USER_TASK_JOB_TYPE = "io.camunda.zeebe:userTask";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessReadModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public ProcessReadModel(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Starts projecting from an engine identified by {@code source}. When the stored source differs and
     * {@code resetOnChange} is set (an in-memory engine, whose keys and positions start again with every run), the
     * tables are emptied: the instances they describe no longer exist. A broker keeps one source and its state.
     *
     * @return true when the tables were emptied
     */
    public boolean startSource(String source, boolean resetOnChange) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            Optional<String> stored = jdbc.sql("select source from rm_source where id = 1 for update")
                    .query(String.class).optional();
            if (stored.isPresent() && stored.get().equals(source)) {
                return false;
            }
            boolean reset = stored.isPresent() && resetOnChange;
            if (reset) {
                long lost = jdbc.sql("select count(*) from rm_process_instance").query(Long.class).single();
                jdbc.sql("""
                        truncate rm_position, rm_process_instance, rm_business_key, rm_element_instance, rm_variable,
                                 rm_job, rm_incident, rm_message, rm_message_correlation, rm_decision, rm_history,
                                 rm_process_definition""")
                        .update();
                LOG.warn("Read model emptied for the new engine {}: the {} instances of {} went with that engine",
                        source, lost, stored.get());
            }
            jdbc.sql("""
                            insert into rm_source (id, source) values (1, :source)
                            on conflict (id) do update set source = excluded.source, started_at = now()""")
                    .param("source", source)
                    .update();
            return reset;
        }));
    }

    /** The highest position projected for a partition, or -1 when none was. */
    public long position(int partitionId) {
        return jdbc.sql("select position from rm_position where partition_id = :p")
                .param("p", partitionId)
                .query(Long.class)
                .optional()
                .orElse(-1L);
    }

    /** Projects a batch; records may come in any order and may repeat. */
    public ProjectionResult project(List<EngineRecord> records) {
        if (records.isEmpty()) {
            return ProjectionResult.NOTHING;
        }
        var sorted = records.stream()
                .sorted(Comparator.comparingInt(EngineRecord::partitionId).thenComparingLong(EngineRecord::position))
                .toList();
        return tx.execute(status -> {
            int projected = 0;
            int duplicates = 0;
            Integer partition = null;
            long position = -1;
            for (EngineRecord record : sorted) {
                if (partition == null || partition != record.partitionId()) {
                    if (partition != null) {
                        storePosition(partition, position);
                    }
                    partition = record.partitionId();
                    position = lockPosition(partition);
                }
                if (record.position() <= position) {
                    duplicates++;
                    continue;
                }
                if (record.isEvent()) {
                    apply(record);
                }
                position = record.position();
                projected++;
            }
            storePosition(partition, position);
            return new ProjectionResult(projected, duplicates);
        });
    }

    private long lockPosition(int partition) {
        jdbc.sql("insert into rm_position (partition_id, position) values (:p, -1) on conflict do nothing")
                .param("p", partition)
                .update();
        return jdbc.sql("select position from rm_position where partition_id = :p for update")
                .param("p", partition)
                .query(Long.class)
                .single();
    }

    private void storePosition(int partition, long position) {
        jdbc.sql("update rm_position set position = :pos, updated_at = now() where partition_id = :p and position < :pos")
                .param("pos", position)
                .param("p", partition)
                .update();
    }

    private void apply(EngineRecord record) {
        switch (record.valueType()) {
            case "PROCESS_INSTANCE" -> processInstance(record);
            case "VARIABLE" -> variable(record);
            case "JOB" -> job(record);
            case "INCIDENT" -> incident(record);
            case "MESSAGE" -> message(record);
            case "PROCESS_MESSAGE_SUBSCRIPTION" -> messageCorrelation(record);
            case "DECISION_EVALUATION" -> decision(record);
            case "PROCESS" -> processDefinition(record);
            case "USER_TASK" -> history(record, record.text("elementId"), "userTaskKey " + record.key());
            default -> {
                // deployments, timers, signals, ... are not part of an instance's read model
            }
        }
    }

    /** A deployed process definition: its BPMN, so the console can draw an instance of it. */
    private void processDefinition(EngineRecord record) {
        if (!"CREATED".equals(record.intent())) {
            return;
        }
        String resource = record.text("resource");
        if (resource == null) {
            return;
        }
        String xml;
        try {
            xml = new String(java.util.Base64.getDecoder().decode(resource), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidEngineRecordException("record " + record.position() + " has a resource that is not base64");
        }
        jdbc.sql("""
                        insert into rm_process_definition (process_definition_key, bpmn_process_id, version, resource_name,
                                                           bpmn_xml, deployed_at)
                        values (:key, :processId, :version, :resourceName, :xml, :at)
                        on conflict (process_definition_key) do nothing""")
                .param("key", record.number("processDefinitionKey"))
                .param("processId", record.text("bpmnProcessId"))
                .param("version", (int) record.number("version"))
                .param("resourceName", java.util.Objects.requireNonNullElse(record.text("resourceName"), ""))
                .param("xml", xml)
                .param("at", java.sql.Timestamp.from(record.timestamp()))
                .update();
    }

    private void processInstance(EngineRecord record) {
        String type = record.text("bpmnElementType");
        String elementId = record.text("elementId");
        boolean isProcess = "PROCESS".equals(type) && record.key() == record.processInstanceKey();
        String state = switch (record.intent()) {
            case "ELEMENT_ACTIVATING" -> "ACTIVE";
            case "ELEMENT_COMPLETED" -> "COMPLETED";
            case "ELEMENT_TERMINATED" -> "TERMINATED";
            default -> null;
        };
        if (state == null) {
            return;
        }
        if (isProcess) {
            if (state.equals("ACTIVE")) {
                long parent = record.number("parentProcessInstanceKey");
                jdbc.sql("""
                                insert into rm_process_instance (process_instance_key, bpmn_process_id, version,
                                    process_definition_key, parent_process_instance_key, state, started_at,
                                    partition_id, position)
                                values (:key, :processId, :version, :definition, :parent, 'ACTIVE', :at, :partition, :pos)
                                on conflict do nothing""")
                        .param("key", record.key())
                        .param("processId", record.text("bpmnProcessId"))
                        .param("version", (int) record.number("version"))
                        .param("definition", record.number("processDefinitionKey"))
                        .param("parent", parent < 0 ? null : parent)
                        .param("at", timestamp(record.timestamp()))
                        .param("partition", record.partitionId())
                        .param("pos", record.position())
                        .update();
            } else {
                jdbc.sql("""
                                update rm_process_instance set state = :state, ended_at = :at, position = :pos
                                where process_instance_key = :key and position < :pos""")
                        .param("state", state)
                        .param("at", timestamp(record.timestamp()))
                        .param("pos", record.position())
                        .param("key", record.key())
                        .update();
            }
        } else if (state.equals("ACTIVE")) {
            long scope = record.number("flowScopeKey");
            jdbc.sql("""
                            insert into rm_element_instance (element_instance_key, process_instance_key, flow_scope_key,
                                element_id, element_type, state, started_at, position)
                            values (:key, :instance, :scope, :elementId, :type, 'ACTIVE', :at, :pos)
                            on conflict do nothing""")
                    .param("key", record.key())
                    .param("instance", record.processInstanceKey())
                    .param("scope", scope < 0 ? null : scope)
                    .param("elementId", elementId)
                    .param("type", type)
                    .param("at", timestamp(record.timestamp()))
                    .param("pos", record.position())
                    .update();
        } else {
            jdbc.sql("""
                            update rm_element_instance set state = :state, ended_at = :at, position = :pos
                            where element_instance_key = :key and position < :pos""")
                    .param("state", state)
                    .param("at", timestamp(record.timestamp()))
                    .param("pos", record.position())
                    .param("key", record.key())
                    .update();
        }
        if (!record.intent().equals("ELEMENT_ACTIVATING") || isProcess) {
            history(record, elementId, isProcess ? "process " + record.text("bpmnProcessId") : type);
        }
    }

    private void variable(EngineRecord record) {
        String name = record.text("name");
        String value = record.value().path("value").asText("null");
        boolean truncated = value.length() > MAX_VALUE_CHARS;
        jdbc.sql("""
                        insert into rm_variable (scope_key, name, process_instance_key, value, truncated, updated_at, position)
                        values (:scope, :name, :instance, :value, :truncated, :at, :pos)
                        on conflict (scope_key, name) do update set value = excluded.value,
                            truncated = excluded.truncated, updated_at = excluded.updated_at, position = excluded.position
                        where rm_variable.position < excluded.position""")
                .param("scope", record.number("scopeKey"))
                .param("name", name)
                .param("instance", record.processInstanceKey())
                .param("value", truncated ? value.substring(0, MAX_VALUE_CHARS) : value)
                .param("truncated", truncated)
                .param("at", timestamp(record.timestamp()))
                .param("pos", record.position())
                .update();
        for (var businessKey : businessKeys(name, value).entrySet()) {
            for (String keyValue : businessKey.getValue()) {
                jdbc.sql("""
                                insert into rm_business_key (process_instance_key, key_name, key_value)
                                values (:instance, :name, :value) on conflict do nothing""")
                        .param("instance", record.processInstanceKey())
                        .param("name", businessKey.getKey())
                        .param("value", keyValue)
                        .update();
            }
        }
        // names only: values may hold personal data and belong in the variables table, not the history
        history(record, null, "variable " + name);
    }

    /** Business keys in one variable: its own value when its name is a key, or key fields one level down. */
    static Map<String, Set<String>> businessKeys(String name, String json) {
        var keys = new LinkedHashMap<String, Set<String>>();
        JsonNode value;
        try {
            value = JSON.readTree(json);
        } catch (Exception e) {
            return keys;
        }
        if (BUSINESS_KEYS.contains(name)) {
            addKey(keys, name, value);
        }
        Iterable<JsonNode> children = value.isArray() ? value : value.isObject() ? List.of(value) : List.of();
        for (JsonNode child : children) {
            if (child.isObject()) {
                for (String key : BUSINESS_KEYS) {
                    addKey(keys, key, child.get(key));
                }
            }
        }
        return keys;
    }

    private static void addKey(Map<String, Set<String>> keys, String name, JsonNode value) {
        if (value != null && value.isValueNode() && !value.isNull()) {
            String text = value.asText();
            if (!text.isEmpty() && text.length() <= 255) {
                keys.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(text);
            }
        }
    }

    private void job(EngineRecord record) {
        String type = record.text("type");
        jdbc.sql("""
                        insert into rm_job (job_key, process_instance_key, element_instance_key, element_id, job_type,
                            user_task, state, retries, worker, error_message, updated_at, position)
                        values (:key, :instance, :element, :elementId, :type, :userTask, :state, :retries, :worker,
                            :error, :at, :pos)
                        on conflict (job_key) do update set state = excluded.state, retries = excluded.retries,
                            worker = coalesce(excluded.worker, rm_job.worker),
                            error_message = coalesce(excluded.error_message, rm_job.error_message),
                            updated_at = excluded.updated_at, position = excluded.position
                        where rm_job.position < excluded.position""")
                .param("key", record.key())
                .param("instance", record.processInstanceKey())
                .param("element", record.number("elementInstanceKey"))
                .param("elementId", String.valueOf(record.text("elementId")))
                .param("type", String.valueOf(type))
                .param("userTask", USER_TASK_JOB_TYPE.equals(type))
                .param("state", record.intent())
                .param("retries", (int) record.number("retries"))
                .param("worker", record.text("worker"))
                .param("error", cut(record.text("errorMessage"), 2000))
                .param("at", timestamp(record.timestamp()))
                .param("pos", record.position())
                .update();
        history(record, record.text("elementId"), "job " + type + ", retries " + record.number("retries"));
    }

    private void incident(EngineRecord record) {
        if (record.intent().equals("CREATED")) {
            long jobKey = record.number("jobKey");
            jdbc.sql("""
                            insert into rm_incident (incident_key, process_instance_key, element_instance_key, element_id,
                                job_key, error_type, error_message, state, created_at, position)
                            values (:key, :instance, :element, :elementId, :job, :type, :message, 'ACTIVE', :at, :pos)
                            on conflict do nothing""")
                    .param("key", record.key())
                    .param("instance", record.processInstanceKey())
                    .param("element", record.number("elementInstanceKey"))
                    .param("elementId", String.valueOf(record.text("elementId")))
                    .param("job", jobKey <= 0 ? null : jobKey)
                    .param("type", String.valueOf(record.text("errorType")))
                    .param("message", String.valueOf(cut(record.text("errorMessage"), 2000)))
                    .param("at", timestamp(record.timestamp()))
                    .param("pos", record.position())
                    .update();
        } else if (record.intent().equals("RESOLVED")) {
            jdbc.sql("""
                            update rm_incident set state = 'RESOLVED', resolved_at = :at, position = :pos
                            where incident_key = :key and position < :pos""")
                    .param("at", timestamp(record.timestamp()))
                    .param("pos", record.position())
                    .param("key", record.key())
                    .update();
        }
        history(record, record.text("elementId"), record.text("errorType"));
    }

    private void message(EngineRecord record) {
        if (record.intent().equals("PUBLISHED")) {
            jdbc.sql("""
                            insert into rm_message (message_key, name, correlation_key, message_id, state, published_at, position)
                            values (:key, :name, :correlation, :messageId, 'PUBLISHED', :at, :pos)
                            on conflict do nothing""")
                    .param("key", record.key())
                    .param("name", String.valueOf(record.text("name")))
                    .param("correlation", String.valueOf(cut(record.text("correlationKey"), 255)))
                    .param("messageId", cut(record.text("messageId"), 255))
                    .param("at", timestamp(record.timestamp()))
                    .param("pos", record.position())
                    .update();
        } else {
            jdbc.sql("update rm_message set state = :state, position = :pos where message_key = :key and position < :pos")
                    .param("state", cut(record.intent(), 16))
                    .param("pos", record.position())
                    .param("key", record.key())
                    .update();
        }
    }

    private void messageCorrelation(EngineRecord record) {
        if (!record.intent().equals("CORRELATED")) {
            return;
        }
        long messageKey = record.number("messageKey");
        jdbc.sql("""
                        insert into rm_message_correlation (partition_id, position, process_instance_key,
                            element_instance_key, message_name, correlation_key, message_key, correlated_at)
                        values (:partition, :pos, :instance, :element, :name, :correlation, :message, :at)
                        on conflict do nothing""")
                .param("partition", record.partitionId())
                .param("pos", record.position())
                .param("instance", record.processInstanceKey())
                .param("element", record.number("elementInstanceKey"))
                .param("name", String.valueOf(record.text("messageName")))
                .param("correlation", String.valueOf(cut(record.text("correlationKey"), 255)))
                .param("message", messageKey < 0 ? null : messageKey)
                .param("at", timestamp(record.timestamp()))
                .update();
        history(record, null, "message " + record.text("messageName"));
    }

    private void decision(EngineRecord record) {
        String output = record.text("decisionOutput");
        String failure = record.text("evaluationFailureMessage");
        jdbc.sql("""
                        insert into rm_decision (decision_evaluation_key, process_instance_key, element_instance_key,
                            element_id, decision_id, decision_name, decision_output, failure_message, evaluated_at, position)
                        values (:key, :instance, :element, :elementId, :decisionId, :name, :output, :failure, :at, :pos)
                        on conflict do nothing""")
                .param("key", record.key())
                .param("instance", record.processInstanceKey())
                .param("element", record.number("elementInstanceKey"))
                .param("elementId", String.valueOf(record.text("elementId")))
                .param("decisionId", String.valueOf(record.text("decisionId")))
                .param("name", cut(record.text("decisionName"), 255))
                .param("output", cut(output, MAX_VALUE_CHARS))
                .param("failure", cut(failure, 2000))
                .param("at", timestamp(record.timestamp()))
                .param("pos", record.position())
                .update();
        history(record, record.text("elementId"), "decision " + record.text("decisionId"));
    }

    private void history(EngineRecord record, String elementId, String detail) {
        long instance = record.processInstanceKey();
        if (instance <= 0) {
            return;
        }
        jdbc.sql("""
                        insert into rm_history (partition_id, position, process_instance_key, at, value_type, intent,
                            record_key, element_id, detail)
                        values (:partition, :pos, :instance, :at, :valueType, :intent, :key, :elementId, :detail)
                        on conflict do nothing""")
                .param("partition", record.partitionId())
                .param("pos", record.position())
                .param("instance", instance)
                .param("at", timestamp(record.timestamp()))
                .param("valueType", record.valueType())
                .param("intent", record.intent())
                .param("key", record.key())
                .param("elementId", elementId)
                .param("detail", cut(detail, 500))
                .update();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.from(instant);
    }
}
