package io.bankofthings.lending.task;

import java.time.Instant;

/** An open or completed job-based user task, found by its process and business key (grantId, loanId). */
public record UserTask(
        long jobKey,
        long processInstanceKey,
        String bpmnProcessId,
        String elementId,
        String businessKey,
        String assignee,
        String candidateGroups,
        Instant createdAt,
        Instant completedAt,
        String completedBy) {}
