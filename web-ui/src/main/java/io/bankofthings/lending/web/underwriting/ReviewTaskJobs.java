package io.bankofthings.lending.web.underwriting;

import io.bankofthings.lending.processes.LoanProcess;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Completes the job-based user task {@code UnderwriterReviewTask} of one process instance.
 *
 * <p>Job-based user tasks have no task query over gRPC, so this activates the jobs of type
 * {@value LoanProcess#JOB_USER_TASK} for a short lock ({@link #LOCK}), completes the one of the wanted instance and
 * element, and fails every other one straight back with its retries unchanged, so it can be activated again at once.
 * Nothing is cached: the engine stays the only source of open tasks, and two underwriters deciding the same
 * application cannot both complete it (the second finds no job). The queue itself is read from the loan status.
 */
@Component
class ReviewTaskJobs {

    static final Duration LOCK = Duration.ofSeconds(30);
    static final String WORKER = "underwriter-task-list";
    static final String CANDIDATE_GROUPS_HEADER = "io.camunda.zeebe:candidateGroups";
    private static final Logger LOG = LoggerFactory.getLogger(ReviewTaskJobs.class);

    private final CamundaClient client;

    ReviewTaskJobs(CamundaClient client) {
        this.client = client;
    }

    /**
     * Completes the review task of the instance with these variables.
     *
     * @return the candidate groups of the completed task, empty when the instance has no open review task
     */
    Optional<String> complete(long processInstanceKey, String elementId, Map<String, Object> variables) {
        var response = client.newActivateJobsCommand()
                .jobType(LoanProcess.JOB_USER_TASK)
                .maxJobsToActivate(100)
                .timeout(LOCK)
                .workerName(WORKER)
                .fetchVariables("loanId")
                .requestTimeout(Duration.ofSeconds(2))
                .send()
                .join(10, TimeUnit.SECONDS);
        ActivatedJob mine = null;
        for (ActivatedJob job : response.getJobs()) {
            if (mine == null && job.getProcessInstanceKey() == processInstanceKey && job.getElementId().equals(elementId)) {
                mine = job;
            } else {
                release(job);
            }
        }
        if (mine == null) {
            return Optional.empty();
        }
        client.newCompleteCommand(mine.getKey()).variables(variables).send().join(10, TimeUnit.SECONDS);
        LOG.info("Completed {} of process instance {}", elementId, processInstanceKey);
        return Optional.of(mine.getCustomHeaders().getOrDefault(CANDIDATE_GROUPS_HEADER, ""));
    }

    private void release(ActivatedJob job) {
        client.newFailCommand(job.getKey())
                .retries(job.getRetries())
                .retryBackoff(Duration.ZERO)
                .errorMessage("released by the underwriter task list: it was looking for another task")
                .send()
                .join(10, TimeUnit.SECONDS);
    }
}
