package io.bankofthings.lending.resume;

import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Where a case whose process instance was lost starts again: the BPMN element a new instance starts before and its
 * variables, rebuilt from PostgreSQL with the names the process uses.
 *
 * @param elementId the element the new instance starts before
 * @param variables the process variables, small: ids, amounts, decisions, timer durations or dates
 */
public record ResumePoint(String elementId, Map<String, Object> variables) {

    /** The shortest timer duration a resumed instance gets, so a deadline already passed fires at once. */
    public static final Duration DUE_NOW = Duration.ofSeconds(1);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    public ResumePoint {
        variables = Map.copyOf(variables);
    }

    /** What is left until {@code deadline}: at least {@link #DUE_NOW}, so a passed deadline fires at once. */
    public static Duration timeLeft(Instant deadline, Instant now) {
        var left = Duration.between(now, deadline);
        return left.compareTo(DUE_NOW) < 0 ? DUE_NOW : left;
    }

    /** Creates the new instance of the latest version of {@code processId} here; returns its key. */
    public long startIn(CamundaClient client, String processId) {
        return client.newCreateInstanceCommand()
                .bpmnProcessId(processId)
                .latestVersion()
                .variables(variables)
                .startBeforeElement(elementId)
                .requestTimeout(START_TIMEOUT)
                .send()
                .join()
                .getProcessInstanceKey();
    }
}
