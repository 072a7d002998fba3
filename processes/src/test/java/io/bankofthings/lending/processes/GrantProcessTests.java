package io.bankofthings.lending.processes;

import static io.camunda.zeebe.process.test.assertions.BpmnAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authorization-grant model on the in-memory engine, with the real grant-risk table and test job handlers. */
@ZeebeProcessTest
class GrantProcessTests {

    private static final String GRANT_ID = "G-1";
    private static final String OWNER_ID = "owner-1";

    private ZeebeTestEngine engine;
    private ZeebeClient client;

    @BeforeEach
    void deploy() {
        client.newDeployResourceCommand()
                .addResourceFromClasspath("models/authorization-grant.bpmn")
                .addResourceFromClasspath("models/grant-risk.dmn")
                .send()
                .join();
    }

    private static Map<String, Object> grant(String kind, long maxPerTransactionMinor, long monthlyExposureMinor, int version) {
        var variables = new HashMap<String, Object>();
        variables.put("grantId", GRANT_ID);
        variables.put("thingId", "thing:person:vehicle:wvw1");
        variables.put("ownerId", OWNER_ID);
        variables.put("thingKind", kind);
        variables.put("currency", "EUR");
        variables.put("maxPerTransactionMinor", maxPerTransactionMinor);
        variables.put("monthlyExposureMinor", monthlyExposureMinor);
        variables.put("validUntil", Instant.now().plus(Duration.ofDays(30)).toString());
        variables.put("version", version);
        return variables;
    }

    private ProcessInstanceEvent start(Map<String, Object> variables) {
        return client.newCreateInstanceCommand()
                .bpmnProcessId(GrantProcess.PROCESS_ID)
                .latestVersion()
                .variables(variables)
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

    private void publish(String message, Map<String, Object> variables) throws Exception {
        client.newPublishMessageCommand().messageName(message).correlationKey(GRANT_ID).variables(variables).send().join();
        engine.waitForIdleState(Duration.ofSeconds(5));
    }

    /** Runs a low-risk grant to the active state. */
    private ProcessInstanceEvent activeGrant() throws Exception {
        var instance = start(grant("APPLIANCE", 5_000, 30_000, 1));
        completeJob(GrantProcess.JOB_RECORD_ASSESSMENT, Map.of());
        completeJob(GrantProcess.JOB_ACTIVATE, Map.of());
        assertThat(instance).isWaitingAtElements(GrantProcess.ELEMENT_AWAIT_EVENT);
        return instance;
    }

    @Test
    void authorizesASmallGrantWithoutAskingTheOwner() throws Exception {
        var instance = start(grant("APPLIANCE", 5_000, 30_000, 1));

        var record = completeJob(GrantProcess.JOB_RECORD_ASSESSMENT, Map.of());
        var activate = completeJob(GrantProcess.JOB_ACTIVATE, Map.of());

        assertThat(record.getVariablesAsMap().get("risk")).isEqualTo(Map.of(
                "confirmation", "AUTO", "level", "LOW", "reason", "small grant: at most 100.00 a payment and 500.00 a month"));
        assertThat(activate.getVariablesAsMap()).containsEntry("grantId", GRANT_ID).containsEntry("version", 1);
        assertThat(instance)
                .isActive()
                .hasPassedElementsInOrder(GrantProcess.ELEMENT_ASSESS_RISK, GrantProcess.ELEMENT_RECORD_ASSESSMENT,
                        GrantProcess.ELEMENT_ACTIVATE)
                .hasNotPassedElement(GrantProcess.ELEMENT_CONFIRM)
                .isWaitingAtElements(GrantProcess.ELEMENT_AWAIT_EVENT);
    }

    @Test
    void authorizesAVehicleWithinUsualAmountsWithoutAskingTheOwner() throws Exception {
        var instance = start(grant("VEHICLE", 12_000, 90_000, 1));

        var record = completeJob(GrantProcess.JOB_RECORD_ASSESSMENT, Map.of());
        completeJob(GrantProcess.JOB_ACTIVATE, Map.of());

        assertThat(((Map<?, ?>) record.getVariablesAsMap().get("risk")).get("reason"))
                .isEqualTo("vehicle charging and tolls within usual amounts");
        assertThat(instance).hasNotPassedElement(GrantProcess.ELEMENT_CONFIRM).hasPassedElement(GrantProcess.ELEMENT_ACTIVATE);
    }

    @Test
    void ownerConfirmsALargerGrant() throws Exception {
        var instance = start(grant("MACHINE", 50_000, 400_000, 1));

        completeJob(GrantProcess.JOB_RECORD_ASSESSMENT, Map.of());
        var confirm = completeJob(GrantProcess.JOB_USER_TASK,
                Map.of("ownerDecision", Map.of("approved", true, "reason", "my machine", "decidedBy", OWNER_ID)));
        completeJob(GrantProcess.JOB_ACTIVATE, Map.of());

        assertThat(confirm.getElementId()).isEqualTo(GrantProcess.ELEMENT_CONFIRM);
        assertThat(confirm.getCustomHeaders()).containsEntry("io.camunda.zeebe:assignee", OWNER_ID);
        assertThat(instance)
                .isActive()
                .hasPassedElementsInOrder(GrantProcess.ELEMENT_RECORD_ASSESSMENT, GrantProcess.ELEMENT_CONFIRM,
                        GrantProcess.ELEMENT_ACTIVATE)
                .hasNotPassedElement(GrantProcess.ELEMENT_REJECT);
    }

    @Test
    void ownerRejectsALargerGrant() throws Exception {
        var instance = start(grant("MACHINE", 50_000, 400_000, 1));

        completeJob(GrantProcess.JOB_RECORD_ASSESSMENT, Map.of());
        completeJob(GrantProcess.JOB_USER_TASK,
                Map.of("ownerDecision", Map.of("approved", false, "reason", "not mine", "decidedBy", OWNER_ID)));
        var reject = completeJob(GrantProcess.JOB_REJECT, Map.of());

        assertThat(reject.getVariablesAsMap().get("ownerDecision")).isEqualTo(
                Map.of("approved", false, "reason", "not mine", "decidedBy", OWNER_ID));
        assertThat(instance)
                .isCompleted()
                .hasPassedElement(GrantProcess.ELEMENT_REJECTED_END)
                .hasNotPassedElement(GrantProcess.ELEMENT_ACTIVATE);
    }

    @Test
    void riskTableRejectsAGrantWithTooHighAnExposure() throws Exception {
        var instance = start(grant("VEHICLE", 50_000, 2_000_000, 1));

        var record = completeJob(GrantProcess.JOB_RECORD_ASSESSMENT, Map.of());
        completeJob(GrantProcess.JOB_REJECT, Map.of());

        assertThat(((Map<?, ?>) record.getVariablesAsMap().get("risk")).get("confirmation")).isEqualTo("REJECT");
        assertThat(instance)
                .isCompleted()
                .hasPassedElement(GrantProcess.ELEMENT_REJECTED_END)
                .hasNotPassedElement(GrantProcess.ELEMENT_CONFIRM)
                .hasNotPassedElement(GrantProcess.ELEMENT_ACTIVATE);
    }

    @Test
    void activeGrantExpiresByTimerAtTheEndOfTheValidityWindow() throws Exception {
        var instance = activeGrant();

        engine.increaseTime(Duration.ofDays(29));
        engine.waitForIdleState(Duration.ofSeconds(5));
        assertThat(instance).isActive().hasNotPassedElement(GrantProcess.ELEMENT_EXPIRED_BOUNDARY);

        engine.increaseTime(Duration.ofDays(2));
        completeJob(GrantProcess.JOB_EXPIRE, Map.of());

        assertThat(instance)
                .isCompleted()
                .hasPassedElementsInOrder(GrantProcess.ELEMENT_EXPIRED_BOUNDARY, GrantProcess.ELEMENT_EXPIRE,
                        GrantProcess.ELEMENT_EXPIRED_END);
    }

    @Test
    void grantAwaitingConfirmationExpiresByTimer() throws Exception {
        var instance = start(grant("MACHINE", 50_000, 400_000, 1));
        completeJob(GrantProcess.JOB_RECORD_ASSESSMENT, Map.of());

        engine.increaseTime(Duration.ofDays(31));
        completeJob(GrantProcess.JOB_EXPIRE, Map.of());

        assertThat(instance)
                .isCompleted()
                .hasPassedElement(GrantProcess.ELEMENT_CONFIRMATION_EXPIRED)
                .hasPassedElement(GrantProcess.ELEMENT_EXPIRED_END)
                .hasNotPassedElement(GrantProcess.ELEMENT_ACTIVATE);
    }

    @Test
    void ownerRevokesAnActiveGrant() throws Exception {
        var instance = activeGrant();

        publish(GrantProcess.MESSAGE_REVOKED, Map.of("revokedBy", OWNER_ID));
        var revoke = completeJob(GrantProcess.JOB_REVOKE, Map.of());

        assertThat(revoke.getVariablesAsMap()).containsEntry("revokedBy", OWNER_ID);
        assertThat(instance)
                .isCompleted()
                .hasPassedElementsInOrder(GrantProcess.ELEMENT_REVOKED_START, GrantProcess.ELEMENT_REVOKE,
                        GrantProcess.ELEMENT_REVOKED_END)
                .hasNotPassedElement(GrantProcess.ELEMENT_EXPIRE);
    }

    @Test
    void ownerRevokesWhileTheConfirmationIsOpen() throws Exception {
        var instance = start(grant("MACHINE", 50_000, 400_000, 1));
        completeJob(GrantProcess.JOB_RECORD_ASSESSMENT, Map.of());

        publish(GrantProcess.MESSAGE_REVOKED, Map.of("revokedBy", OWNER_ID));
        completeJob(GrantProcess.JOB_REVOKE, Map.of());

        assertThat(instance).isCompleted().hasPassedElement(GrantProcess.ELEMENT_REVOKED_END)
                .hasNotPassedElement(GrantProcess.ELEMENT_ACTIVATE);
        var openTasks = client.newActivateJobsCommand().jobType(GrantProcess.JOB_USER_TASK).maxJobsToActivate(1)
                .send().join().getJobs();
        assertThat(openTasks).as("the confirmation task is cancelled").isEmpty();
    }

    @Test
    void riskWarningSuspendsTheGrantUntilTheOwnerResumesIt() throws Exception {
        var instance = activeGrant();

        publish(GrantProcess.MESSAGE_RISK_WARNING, Map.of("warning", Map.of("kind", "BURST", "rule", "BURST")));
        var suspend = completeJob(GrantProcess.JOB_SUSPEND, Map.of());
        assertThat(suspend.getVariablesAsMap().get("warning")).isEqualTo(Map.of("kind", "BURST", "rule", "BURST"));
        assertThat(instance).isWaitingAtElements(GrantProcess.ELEMENT_AWAIT_RESUMPTION);

        publish(GrantProcess.MESSAGE_RESUMED, Map.of("resumedBy", OWNER_ID));
        completeJob(GrantProcess.JOB_RESUME, Map.of());

        assertThat(instance)
                .isActive()
                .hasPassedElementsInOrder(GrantProcess.ELEMENT_SUSPEND, GrantProcess.ELEMENT_RESUME)
                .isWaitingAtElements(GrantProcess.ELEMENT_AWAIT_EVENT);
    }

    @Test
    void changingTheLimitsReauthorizesTheGrantThroughTheRiskTable() throws Exception {
        var instance = activeGrant();

        var larger = grant("APPLIANCE", 60_000, 500_000, 2);
        publish(GrantProcess.MESSAGE_LIMITS_CHANGED, larger);
        var record = completeJob(GrantProcess.JOB_RECORD_ASSESSMENT, Map.of());
        var confirm = completeJob(GrantProcess.JOB_USER_TASK,
                Map.of("ownerDecision", Map.of("approved", true, "reason", "bigger orders", "decidedBy", OWNER_ID)));
        var activate = completeJob(GrantProcess.JOB_ACTIVATE, Map.of());

        assertThat(record.getVariablesAsMap()).containsEntry("version", 2).containsEntry("maxPerTransactionMinor", 60_000);
        assertThat(((Map<?, ?>) record.getVariablesAsMap().get("risk")).get("confirmation")).isEqualTo("OWNER");
        assertThat(confirm.getElementId()).isEqualTo(GrantProcess.ELEMENT_CONFIRM);
        assertThat(activate.getVariablesAsMap()).containsEntry("version", 2);
        assertThat(instance)
                .isActive()
                .hasPassedElement(GrantProcess.ELEMENT_LIMITS_CHANGED_END)
                .isWaitingAtElements(GrantProcess.ELEMENT_AWAIT_EVENT);
    }

    @Test
    void changingTheLimitsOfASuspendedGrantReauthorizesIt() throws Exception {
        var instance = activeGrant();
        publish(GrantProcess.MESSAGE_RISK_WARNING, Map.of("warning", Map.of("kind", "OUT_OF_SCOPE")));
        completeJob(GrantProcess.JOB_SUSPEND, Map.of());

        publish(GrantProcess.MESSAGE_LIMITS_CHANGED, grant("APPLIANCE", 2_000, 10_000, 2));
        completeJob(GrantProcess.JOB_RECORD_ASSESSMENT, Map.of());
        completeJob(GrantProcess.JOB_ACTIVATE, Map.of());

        assertThat(instance)
                .isActive()
                .hasPassedElement(GrantProcess.ELEMENT_LIMITS_CHANGED_END)
                .hasNotPassedElement(GrantProcess.ELEMENT_RESUME)
                .isWaitingAtElements(GrantProcess.ELEMENT_AWAIT_EVENT);
    }
}
