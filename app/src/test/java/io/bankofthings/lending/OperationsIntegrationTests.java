package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import java.time.Instant;
import java.util.List;
import io.bankofthings.lending.collateral.DeviceRegistry;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import org.junit.jupiter.api.Test;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The whole application on its embedded defaults, as an operator and an API client see it: the OpenAPI description
 * and Swagger UI without login, problem bodies for every kind of refused request, the health groups per component
 * and the Prometheus business meters.
 */
@SpringBootTest
@AutoConfigureMockMvc
@AutoConfigureObservability(tracing = false)
class OperationsIntegrationTests {

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
        registry.add("lending.api.max-json-body-size", () -> "8KB");
        registry.add("management.endpoint.health.show-details", () -> "always");
    }

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;

    static final JwtRequestPostProcessor BOB = jwt().jwt(j -> j.subject("ops-bob").claim("preferred_username", "ops-bob"))
            .authorities(new SimpleGrantedAuthority("ROLE_borrower"));
    static final JwtRequestPostProcessor ANNA = jwt().jwt(j -> j.subject("ops-anna").claim("preferred_username", "ops-anna"))
            .authorities(new SimpleGrantedAuthority("ROLE_analyst"));

    @Autowired DeviceRegistry devices;
    @Autowired TelemetryParquetWriter telemetry;

    /** An application whose press monitor is registered and has reported a week from the site: it is offered. */
    private String application() {
        String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);
        String device = "press-" + suffix;
        LoanTestData.onlineDevice(devices, telemetry, device, DeviceType.EQUIPMENT_MONITOR, 7 * 24);
        return LoanTestData.application(1_000_000, 24, "ANNUITY", "EQUIPMENT", 5_000_000, "PRESS-" + suffix, device,
                "EQUIPMENT_MONITOR");
    }

    /** Submits, waits for the offer, accepts it: the lien is registered and the loan paid out. */
    private String offeredAndAccepted() throws Exception {
        var created = json.readTree(mvc.perform(post("/api/loan-applications").with(BOB)
                        .contentType(MediaType.APPLICATION_JSON).content(application()))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString());
        String loanId = created.get("loanId").asText();
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            var loan = json.readTree(mvc.perform(get("/api/loan-applications/{id}", loanId).with(BOB))
                    .andReturn().getResponse().getContentAsString());
            if (loan.get("status").asText().equals("OFFERED")) {
                break;
            }
            assertThat(Instant.now()).as("loan %s still %s", loanId, loan.get("status")).isBefore(deadline);
            Thread.sleep(200);
        }
        mvc.perform(post("/api/loan-applications/{id}/offer/accept", loanId).with(BOB)).andExpect(status().isAccepted());
        return loanId;
    }

    private JsonNode get200(String path) throws Exception {
        return json.readTree(mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    @Test
    void servesTheOpenApiDescriptionWithExamplesWithoutLogin() throws Exception {
        var api = get200("/v3/api-docs");

        assertThat(api.get("openapi").asText()).startsWith("3.");
        assertThat(api.at("/info/title").asText()).isEqualTo("Bank of Things lending API");
        assertThat(api.at("/components/securitySchemes/keycloak-bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(api.at("/components/securitySchemes/thing-credential/name").asText()).isEqualTo("Authorization");
        var paths = api.get("paths");
        assertThat(paths.has("/api/loan-applications")).isTrue();
        assertThat(paths.has("/api/things/{thingId}/payments")).isTrue();
        assertThat(paths.has("/api/underwriting/tasks/{loanId}/decision")).isTrue();
        assertThat(paths.has("/api/models/{name}/deployments")).isTrue();
        assertThat(paths.fieldNames()).toIterable().allMatch(path -> path.startsWith("/api/"));
        var submit = paths.at("/~1api~1loan-applications/post");
        assertThat(submit.at("/requestBody/content/application~1json/examples/example/value").asText())
                .contains("\"amountMinor\": 1000000");
        assertThat(submit.at("/responses/429/content/application~1problem+json").isMissingNode()).isFalse();
        var pay = paths.at("/~1api~1things~1{thingId}~1payments/post");
        assertThat(pay.at("/security/0").has("thing-credential")).isTrue();
        assertThat(pay.at("/requestBody/content/application~1json/examples/example/value").asText())
                .contains("ionity-berlin");

        mvc.perform(get("/swagger-ui/index.html")).andExpect(status().isOk());
    }

    @Test
    void answersEveryRefusedRequestWithAProblemBody() throws Exception {
        mvc.perform(get("/api/no-such-thing").with(BOB))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("No endpoint GET /api/no-such-thing"))
                .andExpect(jsonPath("$.instance").value("/api/no-such-thing"));

        mvc.perform(delete("/api/loan-applications").with(BOB))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Allow", containsString("POST")))
                .andExpect(jsonPath("$.detail").value(containsString("Method DELETE is not allowed here")));

        mvc.perform(post("/api/loan-applications").with(BOB).contentType(MediaType.TEXT_PLAIN).content("hello"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(415));

        mvc.perform(put("/api/models/{name}", "loan-decision.dmn").with(ANNA)
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("application/xml")));

        String oversized = application().replace("new press", "x".repeat(9_000));
        mvc.perform(post("/api/loan-applications").with(BOB).contentType(MediaType.APPLICATION_JSON).content(oversized))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("the limit is 8192 bytes")));
        mvc.perform(get("/api/loan-applications").with(BOB))
                .andExpect(jsonPath("$[*].purpose").value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(
                        containsString("xxxx")))));

        mvc.perform(get("/api/loan-applications"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401));
        mvc.perform(get("/api/loan-applications").header("Authorization", "Bearer not-a-token"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("The bearer token is invalid or expired."));
        mvc.perform(get("/api/underwriting/tasks").with(BOB))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));

        mvc.perform(get("/error").requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 500)
                        .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/loan-applications")
                        .accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Internal Server Error"))
                .andExpect(jsonPath("$.instance").value("/api/loan-applications"));
    }

    @Test
    void reportsLivenessAndReadinessPerComponent() throws Exception {
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));

        Instant deadline = Instant.now().plusSeconds(60);
        JsonNode readiness;
        while (true) {
            var result = mvc.perform(get("/actuator/health/readiness")).andReturn().getResponse();
            readiness = json.readTree(result.getContentAsString());
            if (result.getStatus() == 200) {
                break;
            }
            assertThat(Instant.now()).as("readiness still %s", readiness).isBefore(deadline);
            Thread.sleep(200);
        }
        assertThat(readiness.get("status").asText()).isEqualTo("UP");
        for (String component : new String[] {"db", "zeebe", "objectStore", "mqtt", "readinessState"}) {
            assertThat(readiness.at("/components/" + component + "/status").asText()).as(component).isEqualTo("UP");
        }
        assertThat(readiness.at("/components/zeebe/details/partitions").asInt()).isPositive();
        assertThat(readiness.at("/components/mqtt/details/connected").asBoolean()).isTrue();
        assertThat(readiness.at("/components/objectStore/details/bucket").asText()).isEqualTo("telemetry");
    }

    @Test
    void exposesBusinessMetersToPrometheus() throws Exception {
        offeredAndAccepted();

        Instant deadline = Instant.now().plusSeconds(60);
        String scrape;
        while (true) {
            scrape = mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();
            if (scrape.contains("lending_loans_decided_total{") && scrape.contains("lending_loans_disbursed_amount_minor_count")) {
                break;
            }
            assertThat(Instant.now()).as("no decision and disbursement metered yet").isBefore(deadline);
            Thread.sleep(200);
        }
        assertThat(scrape).containsPattern("lending_loans_submitted_total\\{application=\"lending\"} [1-9]");
        assertThat(scrape).containsPattern("lending_loans_decided_total\\{application=\"lending\",by=\"table\",outcome=\"APPROVE\"} [1-9]");
        assertThat(scrape).containsPattern("lending_loans_disbursed_amount_minor_sum\\{application=\"lending\",currency=\"EUR\"} [1-9]");
        assertThat(scrape).contains("lending_ingestion_readings_stored_total");
        assertThat(scrape).contains("camunda_job_invocations_total");
    }

    /**
     * Every log line about a loan, from the request, the process start and each job, carries its loanId in the MDC
     * (which the structured formats, e.g. {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}, write as a field). Checked
     * on the logging events themselves, since the console format is set once per test JVM.
     */
    @Test
    void logsCarryTheLoanIdWhileItsRequestAndJobsRun() throws Exception {
        var logger = (Logger) LoggerFactory.getLogger("io.bankofthings.lending");
        var events = new ListAppender<ILoggingEvent>();
        events.start();
        logger.addAppender(events);
        try {
            String loanId = offeredAndAccepted();

            Instant deadline = Instant.now().plusSeconds(60);
            while (events.list.stream().noneMatch(e -> e.getFormattedMessage().startsWith("Loan " + loanId + " disbursed"))) {
                assertThat(Instant.now()).as("loan %s not disbursed yet", loanId).isBefore(deadline);
                Thread.sleep(200);
            }
            var prefixes = List.of("Loan application " + loanId + " submitted", "Loan " + loanId + " runs in process",
                    "Loan " + loanId + " scored", "Loan " + loanId + " decided", "Loan " + loanId + " disbursed");
            var aboutTheLoan = events.list.stream()
                    .filter(e -> prefixes.stream().anyMatch(e.getFormattedMessage()::startsWith))
                    .toList();
            assertThat(aboutTheLoan).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.startsWith("Loan application " + loanId + " submitted"))
                    .anyMatch(m -> m.startsWith("Loan " + loanId + " runs in process instance"))
                    .anyMatch(m -> m.startsWith("Loan " + loanId + " scored"))
                    .anyMatch(m -> m.startsWith("Loan " + loanId + " decided"));
            assertThat(aboutTheLoan).allSatisfy(e ->
                    assertThat(e.getMDCPropertyMap()).as(e.getFormattedMessage()).containsEntry("loanId", loanId));
        } finally {
            logger.detachAppender(events);
        }
    }
}
