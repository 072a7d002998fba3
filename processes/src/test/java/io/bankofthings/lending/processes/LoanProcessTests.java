package io.bankofthings.lending.processes;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chattel-mortgage-loan model on the in-memory engine, with the real loan-decision table and test job handlers. */
@ZeebeProcessTest
class LoanProcessTests {

    private ZeebeTestEngine engine;
    private ZeebeClient client;

    @BeforeEach
    void deploy() {
        client.newDeployResourceCommand()
                .addResourceFromClasspath("models/chattel-mortgage-loan.bpmn")
                .addResourceFromClasspath("models/loan-decision.dmn")
                .send()
                .join();
    }

    private ProcessInstanceEvent start(long amountMinor, long collateralValueMinor) {
        return client.newCreateInstanceCommand()
                .bpmnProcessId(LoanProcess.PROCESS_ID)
                .latestVersion()
                .variables(Map.of(
                        "loanId", "L-1",
                        "amountMinor", amountMinor,
                        "currency", "EUR",
                        "collateralValueMinor", collateralValueMinor))
                .send()
                .join();
    }

    private ActivatedJob completeJob(String type, Map<String, Object> variables) throws Exception {
        engine.waitForIdleState(Duration.ofSeconds(5));
        var jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1).send().join().getJobs();
        assertThat(jobs).as("an active job of type %s", type).hasSize(1);
        var job = jobs.getFirst();
        client.newCompleteCommand(job).variables(variables).send().join();
        engine.waitForIdleState(Duration.ofSeconds(5));
        return job;
    }

    @Test
    void approvesAndDisbursesAGoodApplication() throws Exception {
        var instance = start(1_000_000, 5_000_000);

        completeJob(LoanProcess.JOB_SCORE_APPLICANT, Map.of("score", 720));
        var record = completeJob(LoanProcess.JOB_RECORD_DECISION, Map.of());
        completeJob(LoanProcess.JOB_DISBURSE_LOAN, Map.of("disbursementTransactionId", 1));

        assertThat(record.getVariablesAsMap().get("decision"))
                .isEqualTo(Map.of("outcome", "APPROVE", "reason", "score at or above 650 and loan to value within 80%"));
        assertThat(instance)
                .isCompleted()
                .hasPassedElementsInOrder(
                        LoanProcess.ELEMENT_SCORE,
                        LoanProcess.ELEMENT_DECIDE,
                        LoanProcess.ELEMENT_RECORD_DECISION,
                        LoanProcess.ELEMENT_DISBURSE,
                        LoanProcess.ELEMENT_DISBURSED_END)
                .hasNotPassedElement(LoanProcess.ELEMENT_REJECTED_END);
    }

    @Test
    void rejectsALowScoreWithoutDisbursing() throws Exception {
        var instance = start(1_000_000, 5_000_000);

        completeJob(LoanProcess.JOB_SCORE_APPLICANT, Map.of("score", 300));
        var record = completeJob(LoanProcess.JOB_RECORD_DECISION, Map.of());

        assertThat(record.getVariablesAsMap().get("decision"))
                .isEqualTo(Map.of("outcome", "REJECT", "reason", "score below 450"));
        assertThat(instance)
                .isCompleted()
                .hasPassedElement(LoanProcess.ELEMENT_REJECTED_END)
                .hasNotPassedElement(LoanProcess.ELEMENT_DISBURSE);
    }

    @Test
    void rejectsALoanAboveEightyPercentOfTheCollateralValue() throws Exception {
        var instance = start(900_000, 1_000_000);

        completeJob(LoanProcess.JOB_SCORE_APPLICANT, Map.of("score", 900));
        var record = completeJob(LoanProcess.JOB_RECORD_DECISION, Map.of());

        assertThat(record.getVariablesAsMap().get("decision"))
                .isEqualTo(Map.of("outcome", "REJECT", "reason", "loan to value above 80%"));
        assertThat(instance).isCompleted().hasNotPassedElement(LoanProcess.ELEMENT_DISBURSE);
    }

    @Test
    void refersAMiddleScoreToAnUnderwriterWhoApproves() throws Exception {
        var instance = start(1_000_000, 5_000_000);

        completeJob(LoanProcess.JOB_SCORE_APPLICANT, Map.of("score", 600));
        completeJob(LoanProcess.JOB_RECORD_DECISION, Map.of());
        var review = completeJob(LoanProcess.JOB_USER_TASK,
                Map.of("decision", Map.of("outcome", "APPROVE", "reason", "long-standing customer"), "decidedBy", "uma"));
        var recordAgain = completeJob(LoanProcess.JOB_RECORD_DECISION, Map.of());
        completeJob(LoanProcess.JOB_DISBURSE_LOAN, Map.of());

        assertThat(review.getElementId()).isEqualTo(LoanProcess.ELEMENT_UNDERWRITER_REVIEW);
        assertThat(review.getCustomHeaders()).containsEntry("io.camunda.zeebe:candidateGroups", "[\"underwriter\"]");
        assertThat(recordAgain.getVariablesAsMap()).containsEntry("decidedBy", "uma");
        assertThat(instance).isCompleted().hasPassedElement(LoanProcess.ELEMENT_DISBURSED_END);
    }

    @Test
    void refersAMiddleScoreToAnUnderwriterWhoRejects() throws Exception {
        var instance = start(1_000_000, 5_000_000);

        completeJob(LoanProcess.JOB_SCORE_APPLICANT, Map.of("score", 500));
        completeJob(LoanProcess.JOB_RECORD_DECISION, Map.of());
        completeJob(LoanProcess.JOB_USER_TASK,
                Map.of("decision", Map.of("outcome", "REJECT", "reason", "collateral condition"), "decidedBy", "uma"));
        completeJob(LoanProcess.JOB_RECORD_DECISION, Map.of());

        assertThat(instance)
                .isCompleted()
                .hasPassedElement(LoanProcess.ELEMENT_UNDERWRITER_REVIEW)
                .hasPassedElement(LoanProcess.ELEMENT_REJECTED_END)
                .hasNotPassedElement(LoanProcess.ELEMENT_DISBURSE);
    }
}
