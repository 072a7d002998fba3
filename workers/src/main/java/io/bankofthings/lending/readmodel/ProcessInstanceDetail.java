package io.bankofthings.lending.readmodel;

import java.time.Instant;
import java.util.List;

/** Everything the read model holds about one process instance, each list in engine order. */
public record ProcessInstanceDetail(
        ProcessInstanceSummary instance,
        List<Element> elements,
        List<Incident> incidents,
        List<Variable> variables,
        List<Job> jobs,
        List<Decision> decisions,
        List<MessageCorrelation> messages,
        List<HistoryEntry> history) {

    /** An element instance: a task, an event, a gateway, a sub-process ... */
    public record Element(
            long elementInstanceKey,
            Long flowScopeKey,
            String elementId,
            String elementType,
            ProcessInstanceState state,
            Instant startedAt,
            Instant endedAt) {}

    /** An incident; {@code jobKey} is null when no job is behind it (e.g. a failed expression). */
    public record Incident(
            long incidentKey,
            long processInstanceKey,
            long elementInstanceKey,
            String elementId,
            Long jobKey,
            String errorType,
            String errorMessage,
            String state,
            Instant createdAt,
            Instant resolvedAt) {

        public boolean active() {
            return "ACTIVE".equals(state);
        }
    }

    /** A variable in its scope; {@code value} is JSON, cut at 8 KiB when {@code truncated}. */
    public record Variable(long scopeKey, String name, String value, boolean truncated, Instant updatedAt) {}

    /** A job; {@code userTask} marks a job-based user task; {@code state} is the last job intent. */
    public record Job(
            long jobKey,
            long elementInstanceKey,
            String elementId,
            String type,
            boolean userTask,
            String state,
            int retries,
            String worker,
            String errorMessage,
            Instant updatedAt) {}

    /** A decision evaluated by a business rule task; {@code failureMessage} is set when it failed. */
    public record Decision(
            long decisionEvaluationKey,
            String elementId,
            String decisionId,
            String decisionName,
            String output,
            String failureMessage,
            Instant evaluatedAt) {}

    /** A message correlated to the instance. */
    public record MessageCorrelation(String messageName, String correlationKey, long elementInstanceKey, Instant at) {}

    /** One step in the instance's history; {@code detail} never holds variable values. */
    public record HistoryEntry(
            long position, Instant at, String valueType, String intent, long key, String elementId, String detail) {}
}
