package io.bankofthings.lending.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.bankofthings.lending.EmbeddedDefaultsAccess;
import io.bankofthings.lending.web.audit.AuditEvent;
import io.bankofthings.lending.web.audit.AuditLog;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.OidcLoginRequestPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The operations console pages on the whole application: an operator finds an instance with an incident by its
 * business key, sees it on its diagram with the failed task marked, retries the incident from the page (the job runs
 * again), then cancels the instance; every action is audited and listed on the page. Other roles get a 403.
 */
@SpringBootTest
@AutoConfigureMockMvc
class OperationsPagesIntegrationTests {

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsAccess.register(registry);
    }

    @Autowired MockMvc mvc;
    @Autowired CamundaClient client;
    @Autowired ProcessInstances instances;
    @Autowired AuditLog audit;

    static OidcLoginRequestPostProcessor page(String name, String role) {
        return oidcLogin()
                .idToken(t -> t.subject(name + "-subject").claim("preferred_username", name))
                .authorities(new OidcUserAuthority(OidcIdToken.withTokenValue("t").subject(name + "-subject")
                                .claim("preferred_username", name).build()),
                        new SimpleGrantedAuthority("ROLE_" + role));
    }

    static final OidcLoginRequestPostProcessor OLIVIA = page("olivia", "operator");

    @Test
    void operatorRetriesAnIncidentAndCancelsTheInstanceFromThePages() throws Exception {
        String processId = "ops-page-" + UUID.randomUUID().toString().substring(0, 8);
        String jobType = processId + "-work";
        client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess(processId)
                        .startEvent("Start").serviceTask("Work", t -> t.zeebeJobType(jobType).zeebeJobRetries("1"))
                        .endEvent("End").done(), processId + ".bpmn")
                .send().join();
        String loanId = "L-" + UUID.randomUUID();
        long key = client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
                .variables(Map.of("loanId", loanId)).send().join().getProcessInstanceKey();
        var job = activateOne(jobType);
        client.newFailCommand(job.getKey()).retries(0).errorMessage("core banking timeout").send().join();
        await(key, d -> d.incidents().stream().anyMatch(ProcessInstanceDetail.Incident::active));

        // search by business key
        String list = html(mvc.perform(get("/operations").param("businessKey", loanId).param("hasIncident", "true").with(OLIVIA))
                .andExpect(status().isOk()).andReturn());
        assertThat(list).contains("data-key=\"" + key + "\"").contains(processId).contains("incident-count");
        // the console's ingestion health and alerts panel renders with the meters of this application
        assertThat(list).contains("id=\"health\"").contains("id=\"readings-stored\"").contains("Recent collateral alerts");
        assertThat(html(mvc.perform(get("/operations").param("startedFrom", "yesterday").with(OLIVIA)).andReturn()))
                .contains("<code>startedFrom</code>");

        // the instance page marks the failed task on its diagram
        String instance = html(mvc.perform(get("/operations/instances/{k}", key).with(OLIVIA)).andExpect(status().isOk()).andReturn());
        assertThat(instance).contains("data-incidents=\"Work\"").contains("data-completed=\"Start\"")
                .contains("core banking timeout").contains(loanId);
        long definitionKey = instances.find(key).orElseThrow().processDefinitionKey();
        assertThat(html(mvc.perform(get("/operations/definitions/{d}/diagram.bpmn", definitionKey).with(OLIVIA))
                        .andExpect(status().isOk()).andReturn()))
                .contains("id=\"" + processId + "\"").contains("id=\"Work\"");
        long incidentKey = instances.incidents(key).getFirst().incidentKey();

        // retry: the incident is resolved and the job runs again, once
        mvc.perform(post("/operations/incidents/{n}/retry", incidentKey).with(OLIVIA).with(csrf())
                        .param("processInstanceKey", Long.toString(key)).param("retries", "2")
                        .param("reason", "core banking is back"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/operations/instances/" + key))
                .andExpect(flash().attribute("notice", Matchers.startsWith("Incident " + incidentKey + " resolved")));
        await(key, d -> d.incidents().stream().noneMatch(ProcessInstanceDetail.Incident::active));
        assertThat(activateOne(jobType).getRetries()).isEqualTo(2);
        // a second retry of the same incident is refused with the reason on the page
        mvc.perform(post("/operations/incidents/{n}/retry", incidentKey).with(OLIVIA).with(csrf())
                        .param("processInstanceKey", Long.toString(key)))
                .andExpect(flash().attribute("problem", Matchers.notNullValue()));

        // cancel needs a reason; then the instance ends TERMINATED
        mvc.perform(post("/operations/instances/{k}/cancel", key).with(OLIVIA).with(csrf()))
                .andExpect(flash().attribute("problem", Matchers.containsString("reason")));
        mvc.perform(post("/operations/instances/{k}/cancel", key).with(OLIVIA).with(csrf())
                        .param("reason", "duplicate application"))
                .andExpect(flash().attribute("notice", "Instance " + key + " cancelled."));
        await(key, d -> d.instance().state() == ProcessInstanceState.TERMINATED);
        String ended = html(mvc.perform(get("/operations/instances/{k}", key).with(OLIVIA)).andReturn());
        assertThat(ended).contains("TERMINATED").contains("RETRY_INCIDENT").contains("CANCEL_INSTANCE").contains("olivia");
        assertThat(audit.about("PROCESS_INSTANCE", Long.toString(key)))
                .extracting(AuditEvent::actor).containsOnly("olivia");

        // other roles see nothing of it
        mvc.perform(get("/operations").with(page("bob", "borrower"))).andExpect(status().isForbidden());
        mvc.perform(get("/operations/instances/{k}", key).with(page("uma", "underwriter"))).andExpect(status().isForbidden());
        mvc.perform(get("/operations/instances/{k}", 123_456_789L).with(OLIVIA)).andExpect(status().isNotFound());
    }

    private io.camunda.client.api.response.ActivatedJob activateOne(String jobType) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            var jobs = client.newActivateJobsCommand().jobType(jobType).maxJobsToActivate(1).send().join().getJobs();
            if (!jobs.isEmpty()) {
                return jobs.getFirst();
            }
            assertThat(Instant.now()).as("no job of type %s", jobType).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private void await(long key, Predicate<ProcessInstanceDetail> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            var detail = instances.detail(key);
            if (detail.isPresent() && condition.test(detail.get())) {
                return;
            }
            assertThat(Instant.now()).as("instance %s not as expected in time: %s", key, detail).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static String html(org.springframework.test.web.servlet.MvcResult result) throws Exception {
        return result.getResponse().getContentAsString();
    }
}
