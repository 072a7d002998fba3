package io.bankofthings.lending.processes;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.client.ZeebeClient;
import io.camunda.zeebe.client.api.response.ActivatedJob;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.assertions.BpmnAssert;
import io.camunda.zeebe.process.test.assertions.ProcessInstanceAssert;
import io.camunda.zeebe.process.test.extension.ZeebeProcessTest;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The post-loan-monitoring model on the in-memory engine with the real alert-response table: one test per response
 * path, the loan's closing, and an alert published twice.
 */
@ZeebeProcessTest
class PostLoanMonitoringProcessTests {

    private static final String LOAN_ID = "L-1";

    private ZeebeTestEngine engine;
    private ZeebeClient client;

    @BeforeEach
    void deploy() {
        client.newDeployResourceCommand()
                .addResourceFromClasspath("models/post-loan-monitoring.bpmn")
                .addResourceFromClasspath("models/alert-response.dmn")
                .send()
                .join();
    }

    private void raise(String alertId, String type, String severity, String loanState) throws Exception {
        client.newPublishMessageCommand()
                .messageName(MonitoringProcess.MESSAGE_ALERT)
                .correlationKey(alertId)
                .messageId(alertId)
                .timeToLive(Duration.ofHours(1))
                .variables(Map.of("alertId", alertId, "loanId", LOAN_ID, "collateralId", "C-1", "alertType", type,
                        "severity", severity, "loanState", loanState))
                .send()
                .join();
        engine.waitForIdleState(Duration.ofSeconds(5));
    }

    private void publish(String message, String correlationKey, Map<String, Object> variables) throws Exception {
        client.newPublishMessageCommand().messageName(message).correlationKey(correlationKey).variables(variables)
                .send().join();
        engine.waitForIdleState(Duration.ofSeconds(5));
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

    private void noJob(String type) {
        assertThat(client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1).send().join().getJobs())
                .as("no job of type %s", type).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> response(ActivatedJob job) {
        return (Map<String, Object>) job.getVariablesAsMap().get("response");
    }

    /** The single instance started for the alert. */
    private ProcessInstanceAssert instance() {
        var keys = instanceKeys();
        assertThat(keys).as("instances of %s", MonitoringProcess.PROCESS_ID).hasSize(1);
        return new ProcessInstanceAssert(keys.getFirst(), BpmnAssert.getRecordStream());
    }

    private List<Long> instanceKeys() {
        return StreamSupport.stream(BpmnAssert.getRecordStream().processInstanceRecords().spliterator(), false)
                .map(Record::getValue)
                .filter(v -> v.getBpmnElementType() == BpmnElementType.PROCESS)
                .filter(v -> v.getBpmnProcessId().equals(MonitoringProcess.PROCESS_ID))
                .map(ProcessInstanceRecordValue::getProcessInstanceKey)
                .distinct()
                .toList();
    }

    @Test
    void earlyWarningOnlyWarnsTheBorrower() throws Exception {
        raise("A-warn", "GEOFENCE", "WARNING", "DISBURSED");

        var record = completeJob(MonitoringProcess.JOB_RECORD_RESPONSE, Map.of());
        completeJob(MonitoringProcess.JOB_NOTIFY_BORROWER, Map.of());

        assertThat(response(record))
                .containsEntry("action", "NOTIFY").containsEntry("freeze", false).containsEntry("notifyBorrower", true);
        instance().isCompleted()
                .hasPassedElementsInOrder(MonitoringProcess.ELEMENT_DECIDE, MonitoringProcess.ELEMENT_RECORD_RESPONSE,
                        MonitoringProcess.ELEMENT_NOTIFY_BORROWER, MonitoringProcess.ELEMENT_BORROWER_WARNED_END)
                .hasNotPassedElement(MonitoringProcess.ELEMENT_FREEZE)
                .hasNotPassedElement(MonitoringProcess.ELEMENT_INVESTIGATE);
    }

    @Test
    void geofenceBreachFreezesAndOperationsClearTheInvestigation() throws Exception {
        raise("A-clear", "GEOFENCE", "BREACH", "DISBURSED");
        completeJob(MonitoringProcess.JOB_RECORD_RESPONSE, Map.of());
        completeJob(MonitoringProcess.JOB_NOTIFY_BORROWER, Map.of());
        completeJob(MonitoringProcess.JOB_FREEZE_CREDIT_LINE, Map.of());

        var task = completeJob(MonitoringProcess.JOB_USER_TASK,
                Map.of("investigation", Map.of("outcome", "CLEAR", "by", "olga", "note", "moved for a service")));
        var clear = completeJob(MonitoringProcess.JOB_CLEAR_ALERT, Map.of());

        assertThat(task.getElementId()).isEqualTo(MonitoringProcess.ELEMENT_INVESTIGATE);
        assertThat(task.getCustomHeaders()).containsEntry("io.camunda.zeebe:candidateGroups", "[\"operator\"]");
        assertThat(clear.getVariablesAsMap()).containsEntry("alertId", "A-clear");
        instance().isCompleted()
                .hasPassedElementsInOrder(MonitoringProcess.ELEMENT_FREEZE, MonitoringProcess.ELEMENT_INVESTIGATE,
                        MonitoringProcess.ELEMENT_CLEAR, MonitoringProcess.ELEMENT_CLEARED_END)
                .hasNotPassedElement(MonitoringProcess.ELEMENT_MARGIN_CALL);
    }

    @Test
    void conditionResolvedByTelemetryClearsTheOpenInvestigation() throws Exception {
        raise("A-back", "GEOFENCE", "BREACH", "DISBURSED");
        completeJob(MonitoringProcess.JOB_RECORD_RESPONSE, Map.of());
        completeJob(MonitoringProcess.JOB_NOTIFY_BORROWER, Map.of());
        completeJob(MonitoringProcess.JOB_FREEZE_CREDIT_LINE, Map.of());
        instance().isWaitingAtElements(MonitoringProcess.ELEMENT_INVESTIGATE);

        publish(MonitoringProcess.MESSAGE_CONDITION_RESOLVED, "A-back",
                Map.of("resolution", Map.of("by", "telemetry", "reason", "back inside the geofence")));
        var clear = completeJob(MonitoringProcess.JOB_CLEAR_ALERT, Map.of());

        assertThat(clear.getVariablesAsMap().get("resolution")).isEqualTo(Map.of("by", "telemetry", "reason", "back inside the geofence"));
        instance().isCompleted()
                .hasPassedElementsInOrder(MonitoringProcess.ELEMENT_CONDITION_RESOLVED, MonitoringProcess.ELEMENT_CLEAR,
                        MonitoringProcess.ELEMENT_CLEARED_END);
        noJob(MonitoringProcess.JOB_USER_TASK);
    }

    @Test
    void confirmedInvestigationBecomesAMarginCallThatTheBorrowerMeets() throws Exception {
        raise("A-confirm", "TAMPER", "BREACH", "DISBURSED");
        completeJob(MonitoringProcess.JOB_RECORD_RESPONSE, Map.of());
        completeJob(MonitoringProcess.JOB_NOTIFY_BORROWER, Map.of());
        completeJob(MonitoringProcess.JOB_FREEZE_CREDIT_LINE, Map.of());
        completeJob(MonitoringProcess.JOB_USER_TASK,
                Map.of("investigation", Map.of("outcome", "CONFIRM", "by", "olga", "note", "seal broken")));
        completeJob(MonitoringProcess.JOB_CONFIRM_ALERT, Map.of());
        completeJob(MonitoringProcess.JOB_ISSUE_MARGIN_CALL, Map.of());
        instance().isWaitingAtElements(MonitoringProcess.ELEMENT_AWAIT_MARGIN_CALL);

        publish(MonitoringProcess.MESSAGE_MARGIN_CALL_MET, "A-confirm",
                Map.of("resolution", Map.of("by", "olga", "reason", "extra collateral pledged")));
        completeJob(MonitoringProcess.JOB_CLEAR_ALERT, Map.of());

        instance().isCompleted()
                .hasPassedElementsInOrder(MonitoringProcess.ELEMENT_INVESTIGATE, MonitoringProcess.ELEMENT_CONFIRM,
                        MonitoringProcess.ELEMENT_MARGIN_CALL, MonitoringProcess.ELEMENT_MARGIN_CALL_MET,
                        MonitoringProcess.ELEMENT_CLEAR)
                .hasNotPassedElement(MonitoringProcess.ELEMENT_COLLECTIONS);
    }

    @Test
    void missedMarginCallDeadlineHandsTheLoanOverToCollections() throws Exception {
        raise("A-ltv", "LTV", "BREACH", "DISBURSED");
        var record = completeJob(MonitoringProcess.JOB_RECORD_RESPONSE, Map.of());
        completeJob(MonitoringProcess.JOB_NOTIFY_BORROWER, Map.of());
        completeJob(MonitoringProcess.JOB_FREEZE_CREDIT_LINE, Map.of());
        completeJob(MonitoringProcess.JOB_ISSUE_MARGIN_CALL, Map.of());
        assertThat(response(record)).containsEntry("marginCallDays", 14);

        engine.increaseTime(Duration.ofDays(13));
        engine.waitForIdleState(Duration.ofSeconds(5));
        noJob(MonitoringProcess.JOB_HAND_OVER_TO_COLLECTIONS);

        engine.increaseTime(Duration.ofDays(2));
        completeJob(MonitoringProcess.JOB_HAND_OVER_TO_COLLECTIONS, Map.of());

        instance().isCompleted()
                .hasPassedElementsInOrder(MonitoringProcess.ELEMENT_MARGIN_CALL, MonitoringProcess.ELEMENT_MARGIN_CALL_DEADLINE,
                        MonitoringProcess.ELEMENT_COLLECTIONS, MonitoringProcess.ELEMENT_COLLECTIONS_END)
                .hasNotPassedElement(MonitoringProcess.ELEMENT_INVESTIGATE)
                .hasNotPassedElement(MonitoringProcess.ELEMENT_CLEAR);
    }

    @Test
    void breachOnALoanInArrearsGoesStraightToCollections() throws Exception {
        raise("A-arrears", "OFFLINE", "BREACH", "IN_ARREARS");
        completeJob(MonitoringProcess.JOB_RECORD_RESPONSE, Map.of());
        completeJob(MonitoringProcess.JOB_NOTIFY_BORROWER, Map.of());
        completeJob(MonitoringProcess.JOB_FREEZE_CREDIT_LINE, Map.of());
        completeJob(MonitoringProcess.JOB_HAND_OVER_TO_COLLECTIONS, Map.of());

        instance().isCompleted()
                .hasPassedElement(MonitoringProcess.ELEMENT_COLLECTIONS_END)
                .hasNotPassedElement(MonitoringProcess.ELEMENT_INVESTIGATE)
                .hasNotPassedElement(MonitoringProcess.ELEMENT_MARGIN_CALL);
    }

    @Test
    void operatingRateBreachIsInvestigatedWithoutFreezing() throws Exception {
        raise("A-rate", "OPERATING_RATE", "BREACH", "DISBURSED");
        completeJob(MonitoringProcess.JOB_RECORD_RESPONSE, Map.of());
        completeJob(MonitoringProcess.JOB_NOTIFY_BORROWER, Map.of());

        instance().isWaitingAtElements(MonitoringProcess.ELEMENT_INVESTIGATE).hasNotPassedElement(MonitoringProcess.ELEMENT_FREEZE);
        noJob(MonitoringProcess.JOB_FREEZE_CREDIT_LINE);
    }

    @Test
    void closingTheLoanEndsTheOpenAlertInstance() throws Exception {
        raise("A-closed", "GEOFENCE", "BREACH", "DISBURSED");
        completeJob(MonitoringProcess.JOB_RECORD_RESPONSE, Map.of());
        completeJob(MonitoringProcess.JOB_NOTIFY_BORROWER, Map.of());
        completeJob(MonitoringProcess.JOB_FREEZE_CREDIT_LINE, Map.of());

        publish(MonitoringProcess.MESSAGE_LOAN_CLOSED, LOAN_ID, Map.of("closeReason", "REPAID"));
        var close = completeJob(MonitoringProcess.JOB_CLOSE_ALERT, Map.of());

        assertThat(close.getVariablesAsMap()).containsEntry("closeReason", "REPAID").containsEntry("alertId", "A-closed");
        instance().isCompleted()
                .hasPassedElementsInOrder(MonitoringProcess.ELEMENT_LOAN_CLOSED_START, MonitoringProcess.ELEMENT_CLOSE_ALERT,
                        MonitoringProcess.ELEMENT_ALERT_CLOSED_END)
                .hasNotPassedElement(MonitoringProcess.ELEMENT_CLEAR);
        noJob(MonitoringProcess.JOB_USER_TASK);
    }

    @Test
    void theSameAlertPublishedTwiceStartsOneInstance() throws Exception {
        raise("A-twice", "INVENTORY", "BREACH", "DISBURSED");
        try {
            raise("A-twice", "INVENTORY", "BREACH", "DISBURSED");
        } catch (io.camunda.zeebe.client.api.command.ClientStatusException duplicate) {
            assertThat(duplicate.getStatus().getCode().name()).isEqualTo("ALREADY_EXISTS");
        }

        assertThat(instanceKeys()).hasSize(1);
        completeJob(MonitoringProcess.JOB_RECORD_RESPONSE, Map.of());
        noJob(MonitoringProcess.JOB_RECORD_RESPONSE);
    }
}
