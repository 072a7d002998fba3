package io.bankofthings.lending.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankofthings.lending.support.TestDatabase;
import io.bankofthings.lending.support.TestZeebe;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The read model fed by the real in-memory engine's record stream into a real PostgreSQL: instances with their
 * elements, jobs, user-task jobs, variables, messages, decisions and incidents, found by business key; records
 * delivered again are ignored and the model never goes backwards.
 */
class ProcessReadModelIntegrationTests {

    private static final String DMN = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="rm-test-definitions" name="rm test"
                         namespace="http://bankofthings.io/rm-test">
              <decision id="rm-test-grade" name="Grade">
                <decisionTable id="rm-test-table" hitPolicy="FIRST">
                  <input id="rm-test-input" label="amount">
                    <inputExpression id="rm-test-expression" typeRef="number"><text>amount</text></inputExpression>
                  </input>
                  <output id="rm-test-output" name="grade" typeRef="string"/>
                  <rule id="rm-test-small"><inputEntry id="rm-test-e1"><text>&lt; 1000</text></inputEntry>
                    <outputEntry id="rm-test-o1"><text>"A"</text></outputEntry></rule>
                  <rule id="rm-test-large"><inputEntry id="rm-test-e2"><text>&gt;= 1000</text></inputEntry>
                    <outputEntry id="rm-test-o2"><text>"B"</text></outputEntry></rule>
                </decisionTable>
              </decision>
            </definitions>
            """;

    private final JdbcClient jdbc = TestDatabase.jdbc();
    private final ProcessReadModel readModel = new ProcessReadModel(jdbc, TestDatabase.transactions());
    private final ProcessInstances instances = new ProcessInstances(jdbc);
    private TestZeebe zeebe;
    private CamundaClient client;
    private RecordStreamFeed feed;
    private String processId;

    @BeforeEach
    void freshEngine() {
        zeebe = TestZeebe.fresh();
        client = zeebe.client();
        var beans = new StaticListableBeanFactory(Map.of("engine", zeebe.engine()));
        feed = new RecordStreamFeed(beans.getBeanProvider(ZeebeTestEngine.class), readModel);
        processId = "rm-test-" + UUID.randomUUID().toString().substring(0, 8);
        BpmnModelInstance model = Bpmn.createExecutableProcess(processId)
                .startEvent("Start")
                .businessRuleTask("Grade", t -> t.zeebeCalledDecisionId("rm-test-grade").zeebeResultVariable("grade"))
                .serviceTask("Work", t -> t.zeebeJobType(processId + "-work").zeebeJobRetries("2"))
                .intermediateCatchEvent("Signed", e -> e.message(m -> m.name(processId + "-signed")
                        .zeebeCorrelationKeyExpression("loanId")))
                .userTask("Review")
                .endEvent("End")
                .done();
        client.newDeployResourceCommand()
                .addProcessModel(model, processId + ".bpmn")
                .addResourceStringUtf8(DMN, "rm-test-grade.dmn")
                .send()
                .join();
    }

    @AfterEach
    void stopEngine() {
        zeebe.close();
    }

    private long start(String loanId) {
        return client.newCreateInstanceCommand()
                .bpmnProcessId(processId)
                .latestVersion()
                .variables(Map.of(
                        "loanId", loanId,
                        "amount", 500,
                        "collateral", List.of(Map.of("collateralId", loanId + "-C1", "kind", "EQUIPMENT"))))
                .send()
                .join()
                .getProcessInstanceKey();
    }

    private ActivatedJob activate(String type) {
        zeebe.idle();
        var jobs = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1).workerName("rm-test").send().join()
                .getJobs();
        assertThat(jobs).as("an activatable %s job", type).hasSize(1);
        return jobs.get(0);
    }

    private void catchUp() {
        zeebe.idle();
        feed.drain();
    }

    private void runToEnd(String loanId) {
        client.newCompleteCommand(activate(processId + "-work")).variables(Map.of("worked", true)).send().join();
        zeebe.idle();
        client.newPublishMessageCommand().messageName(processId + "-signed").correlationKey(loanId).send().join();
        client.newCompleteCommand(activate("io.camunda.zeebe:userTask")).send().join();
        catchUp();
    }

    @Test
    void projectsACompletedInstanceFoundByItsBusinessKeys() {
        String loanId = "L-" + UUID.randomUUID();
        long key = start(loanId);
        runToEnd(loanId);

        var found = instances.search(ProcessInstanceFilter.byBusinessKey(loanId));
        assertThat(found).singleElement().satisfies(instance -> {
            assertThat(instance.processInstanceKey()).isEqualTo(key);
            assertThat(instance.processId()).isEqualTo(processId);
            assertThat(instance.state()).isEqualTo(ProcessInstanceState.COMPLETED);
            assertThat(instance.endedAt()).isNotNull();
            assertThat(instance.businessKeys())
                    .containsEntry("loanId", List.of(loanId))
                    .containsEntry("collateralId", List.of(loanId + "-C1"));
        });
        assertThat(instances.search(ProcessInstanceFilter.byBusinessKey(loanId + "-C1")))
                .extracting(ProcessInstanceSummary::processInstanceKey).containsExactly(key);

        var detail = instances.detail(key).orElseThrow();
        assertThat(detail.elements()).extracting(ProcessInstanceDetail.Element::elementId)
                .containsExactly("Start", "Grade", "Work", "Signed", "Review", "End");
        assertThat(detail.elements()).allMatch(e -> e.state() == ProcessInstanceState.COMPLETED);
        assertThat(detail.jobs()).hasSize(2);
        assertThat(detail.jobs()).filteredOn(ProcessInstanceDetail.Job::userTask).singleElement()
                .satisfies(job -> {
                    assertThat(job.elementId()).isEqualTo("Review");
                    assertThat(job.state()).isEqualTo("COMPLETED");
                });
        assertThat(detail.jobs()).filteredOn(job -> !job.userTask()).singleElement()
                .satisfies(job -> assertThat(job.worker()).isEqualTo("rm-test"));
        assertThat(detail.variables()).extracting(ProcessInstanceDetail.Variable::name)
                .contains("loanId", "amount", "collateral", "grade", "worked");
        assertThat(detail.variables()).filteredOn(v -> v.name().equals("grade")).singleElement()
                .satisfies(v -> assertThat(v.value()).isEqualTo("\"A\""));
        assertThat(detail.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.decisionId()).isEqualTo("rm-test-grade");
            assertThat(decision.output()).isEqualTo("\"A\"");
            assertThat(decision.failureMessage()).isNull();
        });
        assertThat(detail.messages()).singleElement().satisfies(m -> {
            assertThat(m.messageName()).isEqualTo(processId + "-signed");
            assertThat(m.correlationKey()).isEqualTo(loanId);
        });
        assertThat(detail.history()).isSortedAccordingTo(
                java.util.Comparator.comparingLong(ProcessInstanceDetail.HistoryEntry::position));
        assertThat(detail.history()).filteredOn(h -> h.intent().equals("ELEMENT_COMPLETED")).hasSize(7);
        assertThat(detail.history()).noneMatch(h -> h.detail() != null && h.detail().contains(loanId));
        assertThat(detail.incidents()).isEmpty();
    }

    @Test
    void showsAnIncidentUntilItIsResolved() {
        String loanId = "L-" + UUID.randomUUID();
        long key = start(loanId);
        var job = activate(processId + "-work");
        client.newFailCommand(job).retries(0).errorMessage("bureau timed out").send().join();
        catchUp();

        var withIncident = new ProcessInstanceFilter(processId, ProcessInstanceState.ACTIVE, null, null, null, true, 10, 0);
        assertThat(instances.search(withIncident)).extracting(ProcessInstanceSummary::processInstanceKey).containsExactly(key);
        var incident = instances.incidents(key).get(0);
        assertThat(incident.active()).isTrue();
        assertThat(incident.jobKey()).isEqualTo(job.getKey());
        assertThat(incident.errorType()).isEqualTo("JOB_NO_RETRIES");
        assertThat(incident.errorMessage()).isEqualTo("bureau timed out");
        assertThat(instances.find(key).orElseThrow().activeIncidents()).isEqualTo(1);

        client.newUpdateRetriesCommand(job.getKey()).retries(1).send().join();
        client.newResolveIncidentCommand(incident.incidentKey()).send().join();
        catchUp();

        assertThat(instances.incident(incident.incidentKey()).orElseThrow().state()).isEqualTo("RESOLVED");
        assertThat(instances.search(withIncident)).isEmpty();
        var withoutIncident = new ProcessInstanceFilter(processId, null, null, null, null, false, 10, 0);
        assertThat(instances.search(withoutIncident)).extracting(ProcessInstanceSummary::processInstanceKey).containsExactly(key);
        assertThat(instances.detail(key).orElseThrow().jobs()).singleElement()
                .satisfies(j -> assertThat(j.retries()).isEqualTo(1));
    }

    @Test
    void cancelledInstanceIsTerminatedAndFiltersCombine() {
        String kept = "L-" + UUID.randomUUID();
        String cancelled = "L-" + UUID.randomUUID();
        long keptKey = start(kept);
        long cancelledKey = start(cancelled);
        zeebe.idle();
        client.newCancelInstanceCommand(cancelledKey).send().join();
        catchUp();

        assertThat(instances.find(cancelledKey).orElseThrow().state()).isEqualTo(ProcessInstanceState.TERMINATED);
        assertThat(instances.find(keptKey).orElseThrow().state()).isEqualTo(ProcessInstanceState.ACTIVE);
        var terminated = new ProcessInstanceFilter(processId, ProcessInstanceState.TERMINATED, null, null, null, null, 10, 0);
        assertThat(instances.search(terminated)).extracting(ProcessInstanceSummary::processInstanceKey)
                .containsExactly(cancelledKey);
        var all = new ProcessInstanceFilter(processId, null, null, null, null, null, 10, 0);
        assertThat(instances.search(all)).extracting(ProcessInstanceSummary::processInstanceKey)
                .containsExactlyInAnyOrder(keptKey, cancelledKey);
        var future = new ProcessInstanceFilter(processId, null, null, java.time.Instant.now().plusSeconds(3600), null,
                null, 10, 0);
        assertThat(instances.search(future)).isEmpty();
        var past = new ProcessInstanceFilter(processId, null, null, null, java.time.Instant.now().minusSeconds(3600),
                null, 10, 0);
        assertThat(instances.search(past)).isEmpty();
        assertThat(instances.search(new ProcessInstanceFilter(processId, null, null, null, null, null, 1, 1))).hasSize(1);
        assertThat(instances.search(new ProcessInstanceFilter("no-such-process", null, null, null, null, null, 10, 0)))
                .isEmpty();
        assertThat(instances.detail(cancelledKey).orElseThrow().elements())
                .filteredOn(e -> e.elementId().equals("Work")).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(ProcessInstanceState.TERMINATED));
    }

    @Test
    void recordsDeliveredAgainAreIgnoredAndNothingGoesBackwards() {
        String loanId = "L-" + UUID.randomUUID();
        long key = start(loanId);
        runToEnd(loanId);
        // what the feed projects: the events of the projected value types
        List<EngineRecord> all = new java.util.ArrayList<>();
        zeebe.engine().getRecordStreamSource().getRecords().forEach(r -> all.add(EngineRecord.fromJson(r.toJson())));
        all.removeIf(r -> !r.isEvent() || !ProcessReadModel.PROJECTED_VALUE_TYPES.contains(r.valueType()));
        long lastPosition = all.get(all.size() - 1).position();
        assertThat(readModel.position(1)).isEqualTo(lastPosition);
        var before = counts();

        var again = readModel.project(all);
        var firstHalfAgain = readModel.project(all.subList(0, all.size() / 2));

        assertThat(again.duplicates()).isEqualTo(all.size());
        assertThat(again.projected()).isZero();
        assertThat(firstHalfAgain.duplicates()).isEqualTo(all.size() / 2);
        assertThat(counts()).isEqualTo(before);
        assertThat(readModel.position(1)).isEqualTo(lastPosition);
        assertThat(instances.find(key).orElseThrow().state()).isEqualTo(ProcessInstanceState.COMPLETED);
    }

    @Test
    void aBatchThatRepeatsAndOverlapsProjectsEachRecordOnce() {
        String loanId = "L-" + UUID.randomUUID();
        long key = start(loanId);
        runToEnd(loanId);
        List<EngineRecord> all = new java.util.ArrayList<>();
        zeebe.engine().getRecordStreamSource().getRecords().forEach(r -> all.add(EngineRecord.fromJson(r.toJson())));
        var expected = counts();

        // as an exporter after a broker crash would: the same records again, out of order, in overlapping batches
        readModel.startSource("another-engine-run", true);
        assertThat(instances.find(key)).isEmpty();
        int half = all.size() / 2;
        var shuffled = new java.util.ArrayList<>(all.subList(0, half + 10));
        java.util.Collections.reverse(shuffled);
        var first = readModel.project(shuffled);
        var second = readModel.project(all.subList(half, all.size()));

        assertThat(first.projected()).isEqualTo(half + 10);
        assertThat(second.duplicates()).isEqualTo(10);
        assertThat(second.projected()).isEqualTo(all.size() - half - 10);
        assertThat(counts()).isEqualTo(expected);
        assertThat(instances.find(key).orElseThrow().state()).isEqualTo(ProcessInstanceState.COMPLETED);
    }

    @Test
    void aNewRunOfTheInMemoryEngineEmptiesTheModelButTheSameSourceKeepsIt() {
        long key = start("L-" + UUID.randomUUID());
        catchUp();
        assertThat(instances.find(key)).isPresent();

        assertThat(readModel.startSource("broker", false)).isFalse();
        assertThat(instances.find(key)).as("a broker keeps the rows of the source before it").isPresent();
        assertThat(readModel.startSource("broker", true)).isFalse();
        assertThat(instances.find(key)).isPresent();
        assertThat(readModel.startSource("embedded:next-run", true)).isTrue();
        assertThat(instances.find(key)).isEmpty();
        assertThat(readModel.position(1)).isEqualTo(-1);
    }

    @Test
    void rejectsRecordsWithoutTheFieldsItNeeds() {
        assertThatThrownBy(() -> EngineRecord.fromJson("{\"position\": 1}"))
                .isInstanceOf(InvalidEngineRecordException.class)
                .hasMessageContaining("partitionId");
        assertThatThrownBy(() -> EngineRecord.fromJsonArray("{\"position\": 1}"))
                .isInstanceOf(InvalidEngineRecordException.class)
                .hasMessageContaining("JSON array");
        assertThatThrownBy(() -> EngineRecord.fromJsonArray("[{\"partitionId\":1,\"position\":\"x\"}]"))
                .hasMessageContaining("position must be an integer");
        assertThatThrownBy(() -> EngineRecord.fromJson("""
                {"partitionId":1,"position":5,"key":1,"timestamp":1,"recordType":"EVENT","valueType":"JOB",
                 "intent":"CREATED","value":[1]}"""))
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> EngineRecord.fromJson("not json".getBytes(StandardCharsets.UTF_8).length + "{"))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void findsBusinessKeysAtTheTopAndOneLevelDown() {
        assertThat(ProcessReadModel.businessKeys("loanId", "\"L-1\"")).containsEntry("loanId", java.util.Set.of("L-1"));
        assertThat(ProcessReadModel.businessKeys("collateral", "[{\"collateralId\":\"C-1\"},{\"collateralId\":\"C-2\"}]"))
                .containsEntry("collateralId", java.util.Set.of("C-1", "C-2"));
        assertThat(ProcessReadModel.businessKeys("grant", "{\"grantId\":\"G-9\",\"thingId\":\"T-3\"}"))
                .containsEntry("grantId", java.util.Set.of("G-9"))
                .containsEntry("thingId", java.util.Set.of("T-3"));
        assertThat(ProcessReadModel.businessKeys("amount", "500")).isEmpty();
        assertThat(ProcessReadModel.businessKeys("loanId", "null")).isEmpty();
    }

    private Map<String, Long> counts() {
        var counts = new java.util.TreeMap<String, Long>();
        for (String table : List.of("rm_process_instance", "rm_business_key", "rm_element_instance", "rm_variable",
                "rm_job", "rm_incident", "rm_message", "rm_message_correlation", "rm_decision", "rm_history")) {
            counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
        }
        return counts;
    }
}
