package io.bankofthings.lending.web.underwriting;

import io.bankofthings.lending.processes.LoanProcess;
import io.bankofthings.lending.task.UserTaskInbox;
import io.camunda.client.api.command.ClientStatusException;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Completes the job-based user task {@code UnderwriterReviewTask} of one loan through the platform's
 * {@link UserTaskInbox}: its job worker holds every {@value UserTaskInbox#JOB_TYPE} job with a long timeout and keeps
 * a row per task, so the task is found by process, element and {@code loanId} and completed by its job key. When two
 * underwriters decide at once, the engine completes the job once and refuses the second completion.
 */
@Component
class ReviewTaskJobs {

    private final UserTaskInbox inbox;

    ReviewTaskJobs(UserTaskInbox inbox) {
        this.inbox = inbox;
    }

    /**
     * Completes the review task of the loan with these variables.
     *
     * @return the candidate groups of the completed task; empty when the loan has no open review task in that
     *     process instance, or another completion got there first
     */
    Optional<String> complete(String loanId, long processInstanceKey, String elementId, Map<String, Object> variables,
            String underwriter) {
        var task = inbox.findOpen(LoanProcess.PROCESS_ID, elementId, loanId)
                .filter(t -> t.processInstanceKey() == processInstanceKey);
        if (task.isEmpty()) {
            return Optional.empty();
        }
        try {
            inbox.complete(task.get(), variables, underwriter);
        } catch (ClientStatusException e) {
            if (e.getStatusCode() == io.grpc.Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(task.get().candidateGroups() == null ? "" : task.get().candidateGroups());
    }
}
