package io.bankofthings.lending.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.support.TestDatabase;
import io.bankofthings.lending.support.TestZeebe;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The inbox on a real engine and PostgreSQL across a restart of the in-memory engine: the new engine starts its keys
 * again, so the first job of the new run has the key of a job of the old run whose row is closed.
 */
class UserTaskInboxIntegrationTests {

    @Test
    void aJobOfANewEngineRunTakesOverTheClosedRowWithItsKey() throws InterruptedException {
        String processId = "inbox-restart-" + UUID.randomUUID().toString().substring(0, 8);
        String businessKey = "L-" + UUID.randomUUID();

        long firstKey;
        long firstInstance;
        try (var before = TestZeebe.fresh()) {
            var job = userTaskJob(before, processId, businessKey);
            firstKey = job.getKey();
            firstInstance = job.getProcessInstanceKey();
            var inbox = new UserTaskInbox(before.client(), TestDatabase.jdbc());
            inbox.hold(job);
            inbox.complete(inbox.findOpen(processId, "ReviewTask", businessKey).orElseThrow(), Map.of(), "uma");
        }
        try (var after = TestZeebe.fresh()) {
            var job = userTaskJob(after, processId, businessKey);
            assertThat(job.getKey()).as("the new run hands out the same job key").isEqualTo(firstKey);
            var inbox = new UserTaskInbox(after.client(), TestDatabase.jdbc());

            inbox.hold(job);

            var open = inbox.findOpen(processId, "ReviewTask", businessKey).orElseThrow();
            assertThat(open.jobKey()).isEqualTo(firstKey);
            assertThat(open.processInstanceKey()).isEqualTo(job.getProcessInstanceKey());
            assertThat(open.completedAt()).isNull();
            inbox.complete(open, Map.of(), "uma");
            assertThat(inbox.findOpen(processId, "ReviewTask", businessKey)).isEmpty();
        }
        assertThat(firstInstance).isPositive();
    }

    private static ActivatedJob userTaskJob(TestZeebe zeebe, String processId, String businessKey)
            throws InterruptedException {
        var model = Bpmn.createExecutableProcess(processId).startEvent().userTask("ReviewTask").endEvent().done();
        zeebe.client().newDeployResourceCommand().addProcessModel(model, processId + ".bpmn").send().join();
        zeebe.client().newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
                .variables(Map.of("loanId", businessKey)).send().join();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            var jobs = zeebe.client().newActivateJobsCommand().jobType(UserTaskInbox.JOB_TYPE).maxJobsToActivate(1)
                    .timeout(Duration.ofMinutes(5)).send().join().getJobs();
            if (!jobs.isEmpty()) {
                return jobs.getFirst();
            }
            assertThat(System.nanoTime() - deadline).as("the user task's job is activated").isNegative();
            Thread.sleep(50);
        }
    }
}
