package io.bankofthings.lending.task;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The inbox of job-based user tasks ({@code bpmn:userTask} without {@code zeebe:userTask}, job type
 * {@code io.camunda.zeebe:userTask}). The worker takes each task's job with a long timeout, does not complete it, and
 * stores it by job key with its business key ({@code grantId}, {@code alertId} or {@code loanId}); the API completes it later by that
 * key, which works on every engine. If the timeout passes, the engine hands the job out again and the row is kept.
 * A job the engine hands out is open, so its row is open too: the in-memory engine starts its keys again with every
 * run, and a new job whose key an old, closed row of the previous run holds takes that row over.
 */
@Component
public class UserTaskInbox {

    public static final String JOB_TYPE = "io.camunda.zeebe:userTask";
    static final long HOLD_MILLIS = 7L * 24 * 60 * 60 * 1000;
    private static final Logger LOG = LoggerFactory.getLogger(UserTaskInbox.class);

    private final CamundaClient client;
    private final JdbcClient jdbc;

    public UserTaskInbox(CamundaClient client, JdbcClient jdbc) {
        this.client = client;
        this.jdbc = jdbc;
    }

    @JobWorker(type = JOB_TYPE, autoComplete = false, timeout = HOLD_MILLIS, fetchVariables = {"grantId", "alertId", "loanId"})
    public void hold(ActivatedJob job) {
        var variables = job.getVariablesAsMap();
        Object businessKey = variables.getOrDefault("grantId", variables.getOrDefault("alertId", variables.get("loanId")));
        jdbc.sql("""
                        insert into user_task (job_key, process_instance_key, bpmn_process_id, element_id, business_key,
                                               assignee, candidate_groups)
                        values (:jobKey, :instance, :processId, :elementId, :businessKey, :assignee, :groups)
                        on conflict (job_key) do update set
                            process_instance_key = excluded.process_instance_key,
                            bpmn_process_id = excluded.bpmn_process_id, element_id = excluded.element_id,
                            business_key = excluded.business_key, assignee = excluded.assignee,
                            candidate_groups = excluded.candidate_groups, completed_at = null, completed_by = null,
                            created_at = case when user_task.process_instance_key = excluded.process_instance_key
                                         and user_task.element_id = excluded.element_id
                                         then user_task.created_at else now() end""")
                .param("jobKey", job.getKey())
                .param("instance", job.getProcessInstanceKey())
                .param("processId", job.getBpmnProcessId())
                .param("elementId", job.getElementId())
                .param("businessKey", businessKey == null ? null : businessKey.toString())
                .param("assignee", job.getCustomHeaders().get("io.camunda.zeebe:assignee"))
                .param("groups", job.getCustomHeaders().get("io.camunda.zeebe:candidateGroups"))
                .update();
        LOG.info("User task {} of {} ({}) held in the inbox as job {}", job.getElementId(), businessKey,
                job.getBpmnProcessId(), job.getKey());
    }

    /** The open task of this process element for a business key, if the inbox holds one. */
    public Optional<UserTask> findOpen(String bpmnProcessId, String elementId, String businessKey) {
        return jdbc.sql("""
                        select * from user_task where bpmn_process_id = :processId and element_id = :elementId
                        and business_key = :businessKey and completed_at is null order by job_key desc limit 1""")
                .param("processId", bpmnProcessId)
                .param("elementId", elementId)
                .param("businessKey", businessKey)
                .query(UserTaskInbox::map)
                .optional();
    }

    /**
     * Waits up to {@code timeout} for the open task of this element and business key: the process may have just
     * reached it, and the engine hands its job to the inbox a moment later.
     */
    public Optional<UserTask> awaitOpen(String bpmnProcessId, String elementId, String businessKey, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<UserTask> task = findOpen(bpmnProcessId, elementId, businessKey);
            if (task.isPresent() || System.nanoTime() - deadline >= 0) {
                return task;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return task;
            }
        }
    }

    public List<UserTask> findOpenByAssignee(String assignee) {
        return jdbc.sql("select * from user_task where assignee = :assignee and completed_at is null order by job_key")
                .param("assignee", assignee)
                .query(UserTaskInbox::map)
                .list();
    }

    /** Completes the task in the engine with these variables, then marks it done; throws if the engine refuses. */
    public void complete(UserTask task, Map<String, Object> variables, String completedBy) {
        client.newCompleteCommand(task.jobKey()).variables(variables).requestTimeout(Duration.ofSeconds(10)).send().join();
        markClosed(task.jobKey(), completedBy);
        LOG.info("User task {} ({}) completed by {}", task.elementId(), task.businessKey(), completedBy);
    }

    /** Marks every open task of a business key closed, e.g. when the process was interrupted. */
    public void closeAll(String bpmnProcessId, String businessKey, String reason) {
        jdbc.sql("""
                        update user_task set completed_at = now(), completed_by = :reason
                        where bpmn_process_id = :processId and business_key = :businessKey and completed_at is null""")
                .param("reason", reason)
                .param("processId", bpmnProcessId)
                .param("businessKey", businessKey)
                .update();
    }

    void markClosed(long jobKey, String by) {
        jdbc.sql("update user_task set completed_at = now(), completed_by = :by where job_key = :jobKey and completed_at is null")
                .param("by", by)
                .param("jobKey", jobKey)
                .update();
    }

    private static UserTask map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        var completed = rs.getTimestamp("completed_at");
        return new UserTask(rs.getLong("job_key"), rs.getLong("process_instance_key"), rs.getString("bpmn_process_id"),
                rs.getString("element_id"), rs.getString("business_key"), rs.getString("assignee"),
                rs.getString("candidate_groups"), rs.getTimestamp("created_at").toInstant(),
                completed == null ? null : completed.toInstant(), rs.getString("completed_by"));
    }
}
