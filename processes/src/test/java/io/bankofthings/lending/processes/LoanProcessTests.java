package io.bankofthings.lending.processes;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chattel-mortgage-loan model on the in-memory engine, with the real collateral-valuation and loan-decision
 * tables and test job handlers standing in for the workers: one test per path, timers moved by the engine's clock.
 */
@ZeebeProcessTest
class LoanProcessTests {

    private ZeebeTestEngine engine;
    private ZeebeClient client;

    @BeforeEach
    void deploy() {
        client.newDeployResourceCommand()
                .addResourceFromClasspath("models/chattel-mortgage-loan.bpmn")
                .addResourceFromClasspath("models/loan-decision.dmn")
                .addResourceFromClasspath("models/collateral-valuation.dmn")
                .send()
                .join();
    }

    /** 10,000.00 EUR against equipment declared at 50,000.00: lending limit 50,000 x 0.7 x 0.8 = 28,000.00. */
    private ProcessInstanceEvent start(long amountMinor, List<Map<String, Object>> collateral) {
        return client.newCreateInstanceCommand()
                .bpmnProcessId(LoanProcess.PROCESS_ID)
                .latestVersion()
                .variables(Map.of(
                        "loanId", "L-1",
                        "amountMinor", amountMinor,
                        "currency", "EUR",
                        "collateral", collateral,
                        "offerValidity", "P14D",
                        "reviewSla", "PT24H"))
                .send()
                .join();
    }

    private ProcessInstanceEvent start(long amountMinor) {
        return start(amountMinor, List.of(item("C-1", "EQUIPMENT", 5_000_000)));
    }

    private static Map<String, Object> item(String id, String kind, long valueMinor) {
        return Map.of("collateralId", id, "kind", kind, "declaredValueMinor", valueMinor);
    }

    private void idle() throws Exception {
        engine.waitForIdleState(Duration.ofSeconds(5));
    }

    private ActivatedJob completeJob(String type, Map<String, Object> variables) throws Exception {
        idle();
        var jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1).send().join().getJobs();
        assertThat(jobs).as("an active job of type %s", type).hasSize(1);
        var job = jobs.getFirst();
        client.newCompleteCommand(job).variables(variables).send().join();
        idle();
        return job;
    }

    private void throwError(String type, String code) throws Exception {
        idle();
        var jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1).send().join().getJobs();
        assertThat(jobs).as("an active job of type %s", type).hasSize(1);
        client.newThrowErrorCommand(jobs.getFirst()).errorCode(code).errorMessage("refused in test").send().join();
        idle();
    }

    private void publish(String message, Map<String, Object> variables) throws Exception {
        client.newPublishMessageCommand().messageName(message).correlationKey("L-1").timeToLive(Duration.ofMinutes(1))
                .variables(variables).send().join();
        idle();
    }

    /** Identity, collateral, score and decision up to the record-decision job; returns that job. */
    private ActivatedJob decide(int score) throws Exception {
        completeJob(LoanProcess.JOB_CHECK_IDENTITY, Map.of());
        completeJob(LoanProcess.JOB_REGISTER_COLLATERAL, Map.of());
        completeJob(LoanProcess.JOB_SCORE_APPLICANT, Map.of("score", score));
        return completeJob(LoanProcess.JOB_RECORD_DECISION, Map.of());
    }

    private void acceptAndDisburse() throws Exception {
        completeJob(LoanProcess.JOB_MAKE_OFFER, Map.of());
        publish(LoanProcess.MESSAGE_OFFER_ANSWERED, Map.of("offerAccepted", true));
        completeJob(LoanProcess.JOB_RECORD_OFFER_ANSWER, Map.of());
        completeJob(LoanProcess.JOB_REGISTER_LIEN, Map.of("lienFilingNumber", "LR-2026-000001"));
        completeJob(LoanProcess.JOB_DISBURSE_LOAN, Map.of("disbursementTransactionId", 1));
    }

    @Test
    void approvesOffersDisbursesAndClosesOnceRepaid() throws Exception {
        var instance = start(1_000_000);

        var record = decide(720);
        acceptAndDisburse();
        publish(LoanProcess.MESSAGE_LOAN_REPAID, Map.of("closure", "REPAID"));
        completeJob(LoanProcess.JOB_RELEASE_LIEN, Map.of());
        var close = completeJob(LoanProcess.JOB_CLOSE_LOAN, Map.of());

        assertThat(record.getVariablesAsMap().get("decision")).isEqualTo(Map.of(
                "outcome", "APPROVE",
                "reason", "score at or above 650 and amount within the collateral lending limit",
                "approvedAmountMinor", 1_000_000));
        assertThat(((Number) record.getVariablesAsMap().get("maxLoanMinor")).longValue()).isEqualTo(2_800_000L);
        assertThat(close.getVariablesAsMap()).containsEntry("closure", "REPAID").containsEntry("lienFilingNumber", "LR-2026-000001");
        assertThat(instance)
                .isCompleted()
                .hasPassedElementsInOrder(
                        LoanProcess.ELEMENT_CHECK_IDENTITY,
                        LoanProcess.ELEMENT_REGISTER_COLLATERAL,
                        LoanProcess.ELEMENT_SUM_LENDING_LIMIT,
                        LoanProcess.ELEMENT_SCORE,
                        LoanProcess.ELEMENT_DECIDE,
                        LoanProcess.ELEMENT_RECORD_DECISION,
                        LoanProcess.ELEMENT_MAKE_OFFER,
                        LoanProcess.ELEMENT_OFFER_ANSWERED,
                        LoanProcess.ELEMENT_REGISTER_LIEN,
                        LoanProcess.ELEMENT_DISBURSE,
                        LoanProcess.ELEMENT_LOAN_REPAID,
                        LoanProcess.ELEMENT_RELEASE_LIEN,
                        LoanProcess.ELEMENT_CLOSE_LOAN,
                        LoanProcess.ELEMENT_LOAN_CLOSED_END)
                .hasPassedElement(LoanProcess.ELEMENT_VALUE_COLLATERAL, 2) // the multi-instance body and its one item
                .hasNotPassedElement(LoanProcess.ELEMENT_UNDERWRITER_REVIEW)
                .hasNotPassedElement(LoanProcess.ELEMENT_REJECTED_END);
    }

    @Test
    void valuesEveryItemByItsKindAndCapsTheApprovedAmountAtTheLendingLimit() throws Exception {
        var instance = start(5_000_000, List.of(
                item("C-1", "VEHICLE", 4_000_000),        // 4,000,000 x 0.75 x 0.85 = 2,550,000
                item("C-2", "INVENTORY_LOT", 1_000_000))); // 1,000,000 x 0.50 x 0.60 =   300,000

        var record = decide(800);

        var variables = record.getVariablesAsMap();
        assertThat(((Number) variables.get("maxLoanMinor")).longValue()).isEqualTo(2_850_000L);
        @SuppressWarnings("unchecked")
        var valuations = (List<Map<String, Object>>) variables.get("valuations");
        assertThat(valuations).extracting(v -> v.get("collateralId"), v -> ((Number) v.get("lendingValueMinor")).longValue())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("C-1", 3_000_000L),
                        org.assertj.core.groups.Tuple.tuple("C-2", 500_000L));
        @SuppressWarnings("unchecked")
        var decision = (Map<String, Object>) variables.get("decision");
        assertThat(decision).containsEntry("outcome", "APPROVE").containsEntry("approvedAmountMinor", 2_850_000)
                .containsEntry("reason", "score at or above 650; amount capped at the collateral lending limit");
        assertThat(instance).isWaitingAtElements(LoanProcess.ELEMENT_MAKE_OFFER);
    }

    @Test
    void rejectsALowScoreWithoutOfferOrDisbursement() throws Exception {
        var instance = start(1_000_000);

        var record = decide(300);

        assertThat(record.getVariablesAsMap().get("decision"))
                .isEqualTo(Map.of("outcome", "REJECT", "reason", "score below 450", "approvedAmountMinor", 0));
        assertThat(instance)
                .isCompleted()
                .hasPassedElement(LoanProcess.ELEMENT_REJECTED_END)
                .hasNotPassedElement(LoanProcess.ELEMENT_MAKE_OFFER)
                .hasNotPassedElement(LoanProcess.ELEMENT_DISBURSE);
    }

    @Test
    void rejectsARequestAboveTwiceTheLendingLimit() throws Exception {
        var instance = start(6_000_000); // limit 2,800,000

        var record = decide(900);

        assertThat(record.getVariablesAsMap().get("decision")).isEqualTo(Map.of(
                "outcome", "REJECT", "reason", "requested amount above twice the collateral lending limit",
                "approvedAmountMinor", 0));
        assertThat(instance).isCompleted().hasNotPassedElement(LoanProcess.ELEMENT_DISBURSE);
    }

    @Test
    void identityRejectionEndsThroughTheBpmnErrorWithoutIncident() throws Exception {
        var instance = start(1_000_000);

        throwError(LoanProcess.JOB_CHECK_IDENTITY, LoanProcess.ERROR_IDENTITY_REJECTED);

        assertThat(instance)
                .isCompleted()
                .hasNoIncidents()
                .hasPassedElement(LoanProcess.ELEMENT_IDENTITY_REJECTED_END)
                .hasNotPassedElement(LoanProcess.ELEMENT_REGISTER_COLLATERAL);
    }

    @Test
    void refusedCollateralEndsThroughTheBpmnErrorBeforeScoring() throws Exception {
        var instance = start(1_000_000);

        completeJob(LoanProcess.JOB_CHECK_IDENTITY, Map.of());
        throwError(LoanProcess.JOB_REGISTER_COLLATERAL, LoanProcess.ERROR_COLLATERAL_REFUSED);

        assertThat(instance)
                .isCompleted()
                .hasNoIncidents()
                .hasPassedElement(LoanProcess.ELEMENT_COLLATERAL_REFUSED_END)
                .hasNotPassedElement(LoanProcess.ELEMENT_SCORE);
    }

    @Test
    void refersAMiddleScoreToAnUnderwriterWhoApproves() throws Exception {
        var instance = start(1_000_000);

        decide(600);
        var review = completeJob(LoanProcess.JOB_USER_TASK,
                Map.of("decision", Map.of("outcome", "APPROVE", "reason", "long-standing customer"), "decidedBy", "uma"));
        var recordAgain = completeJob(LoanProcess.JOB_RECORD_DECISION, Map.of());
        acceptAndDisburse();

        assertThat(review.getElementId()).isEqualTo(LoanProcess.ELEMENT_UNDERWRITER_REVIEW);
        assertThat(review.getCustomHeaders()).containsEntry("io.camunda.zeebe:candidateGroups", "[\"underwriter\"]");
        assertThat(recordAgain.getVariablesAsMap()).containsEntry("decidedBy", "uma");
        assertThat(instance).isWaitingAtElements(LoanProcess.ELEMENT_LOAN_REPAID).hasPassedElement(LoanProcess.ELEMENT_DISBURSE);
    }

    @Test
    void refersAMiddleScoreToAnUnderwriterWhoRejects() throws Exception {
        var instance = start(1_000_000);

        decide(500);
        completeJob(LoanProcess.JOB_USER_TASK,
                Map.of("decision", Map.of("outcome", "REJECT", "reason", "collateral condition"), "decidedBy", "uma"));
        completeJob(LoanProcess.JOB_RECORD_DECISION, Map.of());

        assertThat(instance)
                .isCompleted()
                .hasPassedElement(LoanProcess.ELEMENT_UNDERWRITER_REVIEW)
                .hasPassedElement(LoanProcess.ELEMENT_REJECTED_END)
                .hasNotPassedElement(LoanProcess.ELEMENT_MAKE_OFFER);
    }

    @Test
    void reviewPastItsSlaIsEscalatedAndStaysOpenForTheUnderwriter() throws Exception {
        var instance = start(1_000_000);
        decide(600);

        idle();
        engine.increaseTime(Duration.ofHours(25));
        var escalation = completeJob(LoanProcess.JOB_ESCALATE_REVIEW, Map.of());
        completeJob(LoanProcess.JOB_USER_TASK,
                Map.of("decision", Map.of("outcome", "APPROVE", "reason", "checked after escalation"), "decidedBy", "uma"));
        completeJob(LoanProcess.JOB_RECORD_DECISION, Map.of());

        assertThat(escalation.getVariablesAsMap()).containsEntry("loanId", "L-1");
        assertThat(instance)
                .hasPassedElement(LoanProcess.ELEMENT_REVIEW_SLA)
                .hasPassedElement(LoanProcess.ELEMENT_REVIEW_ESCALATED_END)
                .hasPassedElement(LoanProcess.ELEMENT_UNDERWRITER_REVIEW)
                .isWaitingAtElements(LoanProcess.ELEMENT_MAKE_OFFER);
    }

    @Test
    void offerNotAnsweredWithinItsValidityExpiresAndClosesTheApplication() throws Exception {
        var instance = start(1_000_000);
        decide(720);
        completeJob(LoanProcess.JOB_MAKE_OFFER, Map.of());

        engine.increaseTime(Duration.ofDays(15));
        completeJob(LoanProcess.JOB_EXPIRE_OFFER, Map.of());

        assertThat(instance)
                .isCompleted()
                .hasPassedElement(LoanProcess.ELEMENT_OFFER_EXPIRED_TIMER)
                .hasPassedElement(LoanProcess.ELEMENT_OFFER_EXPIRED_END)
                .hasNotPassedElement(LoanProcess.ELEMENT_OFFER_ANSWERED)
                .hasNotPassedElement(LoanProcess.ELEMENT_REGISTER_LIEN);
    }

    @Test
    void declinedOfferEndsWithoutLienOrDisbursement() throws Exception {
        var instance = start(1_000_000);
        decide(720);
        completeJob(LoanProcess.JOB_MAKE_OFFER, Map.of());

        publish(LoanProcess.MESSAGE_OFFER_ANSWERED, Map.of("offerAccepted", false));
        completeJob(LoanProcess.JOB_RECORD_OFFER_ANSWER, Map.of());

        assertThat(instance)
                .isCompleted()
                .hasPassedElement(LoanProcess.ELEMENT_OFFER_DECLINED_END)
                .hasNotPassedElement(LoanProcess.ELEMENT_REGISTER_LIEN)
                .hasNotPassedElement(LoanProcess.ELEMENT_OFFER_EXPIRED_TIMER);
    }

    @Test
    void earlyPayoffReleasesTheLienAndClosesTheLoan() throws Exception {
        var instance = start(1_000_000);
        decide(720);
        acceptAndDisburse();

        publish(LoanProcess.MESSAGE_LOAN_REPAID, Map.of("closure", "EARLY_PAYOFF"));
        var release = completeJob(LoanProcess.JOB_RELEASE_LIEN, Map.of());
        completeJob(LoanProcess.JOB_CLOSE_LOAN, Map.of());

        assertThat(release.getVariablesAsMap()).containsEntry("closure", "EARLY_PAYOFF");
        assertThat(instance).isCompleted().hasPassedElement(LoanProcess.ELEMENT_LOAN_CLOSED_END);
    }
}
