package io.bankofthings.lending.web.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.readmodel.ProcessInstanceState;
import io.bankofthings.lending.readmodel.ProcessInstances;
import io.bankofthings.lending.readmodel.RecordStreamFeed;
import io.bankofthings.lending.web.audit.AuditEvent;
import io.bankofthings.lending.web.audit.AuditLog;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The operations API over HTTP with the real read model, audit log, PostgreSQL and Zeebe engine: an operator finds
 * instances by filters and business key, inspects one, retries an incident and cancels an instance, and each action
 * is audited; other roles are refused and bad parameters get a 400 naming the field.
 */
@SpringBootTest(classes = OperationsApiTestApplication.class)
@AutoConfigureMockMvc
class OperationsApiIntegrationTests {

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        registry.add("test.zeebe.port", () -> OperationsApiTestApplication.ZEEBE_PORT);
        registry.add("camunda.client.mode", () -> "self-managed");
        registry.add("camunda.client.prefer-rest-over-grpc", () -> "false");
        registry.add("camunda.client.grpc-address", () -> "http://127.0.0.1:" + OperationsApiTestApplication.ZEEBE_PORT);
        registry.add("camunda.client.auth.method", () -> "none");
    }

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired CamundaClient client;
    @Autowired ZeebeTestEngine engine;
    @Autowired RecordStreamFeed feed;
    @Autowired ProcessInstances instances;
    @Autowired AuditLog audit;

    private String processId;

    private static JwtRequestPostProcessor user(String name, String role) {
        return jwt().jwt(j -> j.subject(name + "-subject").claim("preferred_username", name))
                .authorities(new SimpleGrantedAuthority("ROLE_" + role));
    }

    private static final JwtRequestPostProcessor OLIVIA = user("olivia", "operator");

    @BeforeEach
    void deploy() {
        processId = "ops-test-" + UUID.randomUUID().toString().substring(0, 8);
        var model = Bpmn.createExecutableProcess(processId)
                .startEvent("Start")
                .serviceTask("Work", t -> t.zeebeJobType(processId + "-work").zeebeJobRetries("1"))
                .endEvent("End")
                .done();
        client.newDeployResourceCommand().addProcessModel(model, processId + ".bpmn").send().join();
    }

    private long start(String loanId) {
        return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
                .variables(Map.of("loanId", loanId)).send().join().getProcessInstanceKey();
    }

    private void catchUp() throws Exception {
        engine.waitForIdleState(Duration.ofSeconds(5));
        feed.drain();
    }

    private ActivatedJob activate() throws Exception {
        engine.waitForIdleState(Duration.ofSeconds(5));
        var jobs = client.newActivateJobsCommand().jobType(processId + "-work").maxJobsToActivate(1).send().join().getJobs();
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    private JsonNode body(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString());
    }

    private long withIncident(String loanId) throws Exception {
        long key = start(loanId);
        client.newFailCommand(activate()).retries(0).errorMessage("scoring bureau down").send().join();
        catchUp();
        return key;
    }

    @Test
    void operatorFindsInstancesByFiltersAndBusinessKey() throws Exception {
        String loanA = "L-" + UUID.randomUUID();
        String loanB = "L-" + UUID.randomUUID();
        long a = withIncident(loanA);
        long b = start(loanB);
        catchUp();

        mvc.perform(get("/api/operations/process-instances").param("businessKey", loanA).with(OLIVIA))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].processInstanceKey").value(a))
                .andExpect(jsonPath("$.items[0].businessKeys.loanId[0]").value(loanA))
                .andExpect(jsonPath("$.items[0].activeIncidents").value(1))
                .andExpect(jsonPath("$.more").value(false));
        var active = body(mvc.perform(get("/api/operations/process-instances")
                        .param("processId", processId).param("state", "active").with(OLIVIA))
                .andExpect(status().isOk()));
        assertThat(active.get("items").findValuesAsText("processInstanceKey"))
                .containsExactlyInAnyOrder(Long.toString(a), Long.toString(b));
        mvc.perform(get("/api/operations/process-instances")
                        .param("processId", processId).param("hasIncident", "false").with(OLIVIA))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].processInstanceKey").value(b));
        mvc.perform(get("/api/operations/process-instances")
                        .param("processId", processId).param("limit", "1").with(OLIVIA))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.more").value(true));
        mvc.perform(get("/api/operations/process-instances").param("processId", processId)
                        .param("startedFrom", "2000-01-01").param("startedTo", "2000-01-02").with(OLIVIA))
                .andExpect(jsonPath("$.items.length()").value(0));

        mvc.perform(get("/api/operations/process-instances/{key}", a).with(OLIVIA))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.detail.instance.state").value("ACTIVE"))
                .andExpect(jsonPath("$.detail.elements[?(@.elementId == 'Work')].state").value(hasItem("ACTIVE")))
                .andExpect(jsonPath("$.detail.incidents[0].errorMessage").value("scoring bureau down"))
                .andExpect(jsonPath("$.detail.variables[0].name").value("loanId"))
                .andExpect(jsonPath("$.detail.history.length()").value(org.hamcrest.Matchers.greaterThan(3)))
                .andExpect(jsonPath("$.operatorActions.length()").value(0));
    }

    @Test
    void badSearchParametersGetA400NamingEachField() throws Exception {
        mvc.perform(get("/api/operations/process-instances").with(OLIVIA)
                        .param("state", "SLEEPING").param("startedFrom", "yesterday").param("hasIncident", "maybe")
                        .param("limit", "100000").param("processId", "x' or '1'='1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(5))
                .andExpect(jsonPath("$.errors[?(@.field == 'state')].message").value(hasItem(containsString("SLEEPING"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'startedFrom')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'hasIncident')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'limit')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'processId')]").exists());
        mvc.perform(get("/api/operations/process-instances").with(OLIVIA)
                        .param("startedFrom", "2026-12-02").param("startedTo", "2026-12-01"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("startedTo"));
        mvc.perform(get("/api/operations/process-instances/{key}", "not-a-key").with(OLIVIA))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("processInstanceKey"));
        mvc.perform(get("/api/operations/process-instances/{key}", 42L).with(OLIVIA))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("No process instance 42 in the read model"));
        // an injection attempt in a business key is just a value that matches nothing
        mvc.perform(get("/api/operations/process-instances").param("businessKey", "x' or '1'='1").with(OLIVIA))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(0));
    }

    @Test
    void onlyOperatorsAndAdminsUseTheOperationsApi() throws Exception {
        mvc.perform(get("/api/operations/process-instances").with(anonymous())).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/operations/process-instances").with(user("bob", "borrower"))).andExpect(status().isForbidden());
        mvc.perform(get("/api/operations/process-instances").with(user("uma", "underwriter"))).andExpect(status().isForbidden());
        mvc.perform(get("/api/operations/process-instances").with(user("ada", "admin"))).andExpect(status().isOk());

        long key = start("L-" + UUID.randomUUID());
        catchUp();
        mvc.perform(post("/api/operations/process-instances/{key}/cancel", key).with(user("bob", "borrower"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"I want out\"}"))
                .andExpect(status().isForbidden());
        catchUp();
        assertThat(instances.find(key).orElseThrow().state()).isEqualTo(ProcessInstanceState.ACTIVE);
        assertThat(audit.about(OperationsService.SUBJECT, Long.toString(key))).isEmpty();
    }

    @Test
    void operatorRetriesAnIncidentAndTheJobRunsAgainOnce() throws Exception {
        long key = withIncident("L-" + UUID.randomUUID());
        long incidentKey = instances.incidents(key).get(0).incidentKey();

        mvc.perform(post("/api/operations/incidents/{key}/retry", incidentKey).with(OLIVIA)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"retries\": 11}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("retries"));
        mvc.perform(post("/api/operations/incidents/{key}/retry", incidentKey).with(OLIVIA)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"retries\": \"two\"}"))
                .andExpect(status().isBadRequest());
        assertThat(audit.about(OperationsService.SUBJECT, Long.toString(key))).isEmpty();

        mvc.perform(post("/api/operations/incidents/{key}/retry", incidentKey).with(OLIVIA)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"retries\": 2, \"reason\": \"bureau is back\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.action").value("RETRY_INCIDENT"))
                .andExpect(jsonPath("$.processInstanceKey").value(key))
                .andExpect(jsonPath("$.retries").value(2))
                .andExpect(jsonPath("$.actor").value("olivia"));

        var job = activate();
        assertThat(job.getRetries()).isEqualTo(2);
        client.newCompleteCommand(job).send().join();
        catchUp();

        mvc.perform(get("/api/operations/process-instances/{key}", key).with(OLIVIA))
                .andExpect(jsonPath("$.detail.instance.state").value("COMPLETED"))
                .andExpect(jsonPath("$.detail.instance.activeIncidents").value(0))
                .andExpect(jsonPath("$.detail.incidents[0].state").value("RESOLVED"))
                .andExpect(jsonPath("$.operatorActions.length()").value(1))
                .andExpect(jsonPath("$.operatorActions[0].actor").value("olivia"))
                .andExpect(jsonPath("$.operatorActions[0].action").value("RETRY_INCIDENT"))
                .andExpect(jsonPath("$.operatorActions[0].detail.reason").value("bureau is back"));

        mvc.perform(post("/api/operations/incidents/{key}/retry", incidentKey).with(OLIVIA))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Incident " + incidentKey + " is already resolved"));
        var trail = audit.about(OperationsService.SUBJECT, Long.toString(key));
        assertThat(trail).extracting(AuditEvent::outcome).containsExactly(AuditEvent.DONE, AuditEvent.REFUSED);
        assertThat(trail).allSatisfy(event -> {
            assertThat(event.actor()).isEqualTo("olivia");
            assertThat(event.processInstanceKey()).isEqualTo(key);
            assertThat(event.detail()).containsEntry("incidentKey", incidentKey);
        });
        mvc.perform(post("/api/operations/incidents/{key}/retry", 42L).with(OLIVIA)).andExpect(status().isNotFound());
    }

    @Test
    void operatorCancelsAnActiveInstanceWithAReason() throws Exception {
        String loanId = "L-" + UUID.randomUUID();
        long key = start(loanId);
        catchUp();

        mvc.perform(post("/api/operations/process-instances/{key}/cancel", key).with(OLIVIA))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        mvc.perform(post("/api/operations/process-instances/{key}/cancel", key).with(OLIVIA)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"x\"}"))
                .andExpect(status().isBadRequest());
        catchUp();
        assertThat(instances.find(key).orElseThrow().state()).isEqualTo(ProcessInstanceState.ACTIVE);

        mvc.perform(post("/api/operations/process-instances/{key}/cancel", key).with(OLIVIA)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"duplicate application\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.action").value("CANCEL_INSTANCE"));
        catchUp();
        assertThat(instances.find(key).orElseThrow().state()).isEqualTo(ProcessInstanceState.TERMINATED);

        mvc.perform(post("/api/operations/process-instances/{key}/cancel", key).with(OLIVIA)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"duplicate application\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("TERMINATED")));
        List<AuditEvent> trail = audit.about(OperationsService.SUBJECT, Long.toString(key));
        assertThat(trail).extracting(AuditEvent::action).containsOnly("CANCEL_INSTANCE");
        assertThat(trail).extracting(AuditEvent::outcome).containsExactly(AuditEvent.DONE, AuditEvent.REFUSED);
        assertThat(trail.get(0).detail()).containsEntry("reason", "duplicate application")
                .containsEntry("processId", processId)
                .containsEntry("businessKeys", Map.of("loanId", List.of(loanId)));
    }
}
