package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.collateral.DeviceRegistry;
import io.bankofthings.lending.ingestion.MqttSettings;
import io.bankofthings.lending.ledger.Accounts;
import io.bankofthings.lending.ledger.CreditLineFreezes;
import io.bankofthings.lending.ledger.CreditLineFrozenException;
import io.bankofthings.lending.ledger.Ledger;
import io.bankofthings.lending.ledger.Money;
import io.bankofthings.lending.ledger.Posting;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.monitoring.Alert;
import io.bankofthings.lending.monitoring.Alerts;
import io.bankofthings.lending.monitoring.Geofence;
import io.bankofthings.lending.monitoring.WatchedCollaterals;
import io.bankofthings.lending.processes.MonitoringProcess;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import io.bankofthings.lending.task.UserTaskInbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
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

/**
 * Post-loan monitoring end to end on real components (in-process Zeebe, embedded PostgreSQL, S3Proxy, Artemis MQTT):
 * a disbursed loan's machine reports over MQTT that it left its site, the alert's process freezes the credit line and
 * opens an investigation; the machine comes back and the investigation is cleared, or an operator clears it.
 */
@SpringBootTest
@AutoConfigureMockMvc
class MonitoringJourneyIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final double SITE_LAT = LoanTestData.LAT;
    static final double SITE_LON = LoanTestData.LON;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
        // the machine is shared with other builds: give the start-up deployment more than the default 10 s
        registry.add("camunda.client.request-timeout", () -> "PT60S");
        registry.add("lending.mqtt.batch-timeout", () -> "200ms");
        registry.add("lending.monitoring.publish-retry-interval", () -> "PT1S");
    }

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired MqttSettings mqtt;
    @Autowired LoanApplications applications;
    @Autowired WatchedCollaterals watched;
    @Autowired Alerts alerts;
    @Autowired CreditLineFreezes freezes;
    @Autowired UserTaskInbox inbox;
    @Autowired Ledger ledger;
    @Autowired DeviceRegistry devices;
    @Autowired TelemetryParquetWriter telemetry;

    private MqttClient device;

    @BeforeEach
    void connect() throws Exception {
        device = new MqttClient(mqtt.url().toString(), "monitoring-test-" + UUID.randomUUID(), new MemoryPersistence());
        var options = new MqttConnectionOptions();
        options.setCleanStart(true);
        device.connect(options);
    }

    @AfterEach
    void disconnect() throws Exception {
        device.disconnect();
        device.close();
    }

    private static JwtRequestPostProcessor borrower(String subject) {
        return jwt().jwt(j -> j.subject(subject).claim("preferred_username", subject))
                .authorities(new SimpleGrantedAuthority("ROLE_borrower"));
    }

    private static JwtRequestPostProcessor operator(String name) {
        return jwt().jwt(j -> j.subject(name + "-subject").claim("preferred_username", name))
                .authorities(new SimpleGrantedAuthority("ROLE_operator"));
    }

    /**
     * Applies for a loan against a machine whose registered device reported from its site for a week, accepts the
     * offer and waits until the loan is disbursed and monitored.
     */
    private String disbursedLoan(String borrower, String deviceId) throws Exception {
        LoanTestData.onlineDevice(devices, telemetry, deviceId, DeviceType.EQUIPMENT_MONITOR, 7 * 24);
        var who = borrower(borrower);
        var created = mvc.perform(post("/api/loan-applications").with(who)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(LoanTestData.application(1_000_000, 12, "ANNUITY", "EQUIPMENT", 5_000_000,
                                "SN-" + deviceId, deviceId, "EQUIPMENT_MONITOR")))
                .andExpect(status().isAccepted())
                .andReturn().getResponse().getContentAsString();
        String loanId = json.readTree(created).get("loanId").asText();
        awaitUntil(() -> applications.find(loanId).orElseThrow().status().name().equals("OFFERED"));
        mvc.perform(post("/api/loan-applications/{id}/offer/accept", loanId).with(who)).andExpect(status().isAccepted());
        awaitUntil(() -> watched.enrolment(loanId).isPresent());
        assertThat(applications.find(loanId).orElseThrow().status().name()).isEqualTo("DISBURSED");
        assertThat(watched.ofLoan(loanId)).singleElement().satisfies(item -> assertThat(item.geofence())
                .isEqualTo(new Geofence.Circle(LoanTestData.LAT, LoanTestData.LON, 300)));
        return loanId;
    }

    @Autowired io.bankofthings.lending.ingestion.DeviceKeys deviceKeys;
    private final java.util.Map<String, byte[]> keys = new java.util.concurrent.ConcurrentHashMap<>();

    /** Publishes a reading signed with the device's key (provisioned on first use), as a real device does. */
    private void send(String deviceId, long seq, Instant ts, double lat, double lon) throws Exception {
        byte[] key = keys.computeIfAbsent(deviceId, id -> deviceKeys.provision(id, "monitoring-test"));
        var reading = new io.bankofthings.lending.storage.TelemetryReading(deviceId, ts, seq, lat, lon,
                new io.bankofthings.lending.storage.TelemetryMetrics(true, null, null, null, null, null, null, java.util.Map.of()));
        var message = new MqttMessage(io.bankofthings.lending.ingestion.TelemetryJson.toBytes(reading,
                io.bankofthings.lending.ingestion.ReadingSignatures.sign(key, reading)));
        message.setQos(1);
        device.publish("devices/" + deviceId + "/telemetry", message);
    }

    /** Polls the condition every 50 ms until it holds, failing after {@link #TIMEOUT}. */
    static void awaitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!Boolean.TRUE.equals(condition.call())) {
            assertThat(Instant.now()).as("condition still false after %s", TIMEOUT).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private List<Alert> alertsOf(String loanId) {
        return alerts.ofLoan(loanId);
    }

    @Test
    void machineLeavingItsSiteFreezesTheCreditLineOnceAndComingBackClearsTheInvestigation() throws Exception {
        String deviceId = "excavator-" + UUID.randomUUID().toString().substring(0, 8);
        String loanId = disbursedLoan("mona-subject", deviceId);
        Instant t0 = Instant.now().minusSeconds(30);
        send(deviceId, 1, t0, SITE_LAT, SITE_LON);

        // ~1.1 km north of the site, sent twice as a device retrying without an acknowledgement would
        send(deviceId, 2, t0.plusSeconds(10), SITE_LAT + 0.01, SITE_LON);
        send(deviceId, 2, t0.plusSeconds(10), SITE_LAT + 0.01, SITE_LON);

        awaitUntil(() -> freezes.isFrozen(loanId)
                && inbox.findOpen(MonitoringProcess.PROCESS_ID, MonitoringProcess.ELEMENT_INVESTIGATE,
                        alertsOf(loanId).getFirst().alertId()).isPresent());
        var alert = alertsOf(loanId);
        assertThat(alert).singleElement().satisfies(a -> {
            assertThat(a.type().name()).isEqualTo("GEOFENCE");
            assertThat(a.severity().name()).isEqualTo("BREACH");
            assertThat(a.status()).isEqualTo(Alert.INVESTIGATING);
        });
        String alertId = alert.getFirst().alertId();
        assertThat(freezes.activeReasons(loanId)).containsExactly(alertId);
        assertThatThrownBy(() -> ledger.post(new Posting("drawdown:" + loanId + ":1", "DRAWDOWN", loanId, "drawdown",
                        List.of(Posting.Line.debit(Accounts.loanReceivable(loanId), Money.of(1_000, "EUR")),
                                Posting.Line.credit(Accounts.customerAccount("mona-subject"), Money.of(1_000, "EUR"))))))
                .isInstanceOf(CreditLineFrozenException.class);

        mvc.perform(get("/api/loan-applications/{id}/alerts", loanId).with(borrower("mona-subject")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].alertId").value(alertId))
                .andExpect(jsonPath("$[0].response.action").value("INVESTIGATE"));
        mvc.perform(get("/api/alerts/{id}", alertId).with(borrower("someone-else"))).andExpect(status().isNotFound());
        // the borrower's loan page lists the alert too
        var monaPage = org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin()
                .idToken(t -> t.subject("mona-subject").claim("preferred_username", "mona"))
                .authorities(new org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority(
                                org.springframework.security.oauth2.core.oidc.OidcIdToken.withTokenValue("t")
                                        .subject("mona-subject").claim("preferred_username", "mona").build()),
                        new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_borrower"));
        assertThat(mvc.perform(get("/loans/{id}", loanId).with(monaPage)).andExpect(status().isOk())
                        .andReturn().getResponse().getContentAsString())
                .contains("Collateral alerts").contains("data-alert=\"" + alertId + "\"");

        send(deviceId, 3, t0.plusSeconds(20), SITE_LAT + 0.0001, SITE_LON);

        awaitUntil(() -> !freezes.isFrozen(loanId)
                && Alert.CLEARED.equals(alerts.find(alertId).orElseThrow().status()));
        assertThat(inbox.findOpen(MonitoringProcess.PROCESS_ID, MonitoringProcess.ELEMENT_INVESTIGATE, alertId)).isEmpty();
        var detail = json.readTree(mvc.perform(get("/api/alerts/{id}", alertId).with(operator("olga")))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(detail.get("creditLineFrozen").asBoolean()).isFalse();
        assertThat(detail.get("trail").findValuesAsText("action")).containsSubsequence("ALERT_RAISED", "RESPONSE_DECIDED",
                "BORROWER_WARNED", "CREDIT_LINE_FROZEN", "CONDITION_RESOLVED", "ALERT_CLEARED", "CREDIT_LINE_RELEASED");
        assertThat(detail.get("trail").findValuesAsText("action")).filteredOn("CREDIT_LINE_FROZEN"::equals).hasSize(1);
        assertThat(alertsOf(loanId)).hasSize(1);
    }

    @Test
    void operatorClearsTheInvestigationThroughTheApi() throws Exception {
        String deviceId = "crane-" + UUID.randomUUID().toString().substring(0, 8);
        String loanId = disbursedLoan("nils-subject", deviceId);
        send(deviceId, 1, Instant.now().minusSeconds(5), SITE_LAT - 0.02, SITE_LON);
        awaitUntil(() -> !alertsOf(loanId).isEmpty()
                && inbox.findOpen(MonitoringProcess.PROCESS_ID, MonitoringProcess.ELEMENT_INVESTIGATE,
                        alertsOf(loanId).getFirst().alertId()).isPresent());
        String alertId = alertsOf(loanId).getFirst().alertId();
        assertThat(freezes.isFrozen(loanId)).isTrue();

        mvc.perform(post("/api/alerts/{id}/investigation", alertId).with(borrower("nils-subject"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"outcome\":\"CLEAR\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/alerts/{id}/investigation", alertId).with(operator("olga"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"outcome\":\"MAYBE\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("outcome"));
        mvc.perform(post("/api/alerts/{id}/investigation", alertId).with(operator("olga"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"outcome\":\"CLEAR\",\"note\":\"on a job site the borrower reported\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.decidedBy").value("olga"));

        awaitUntil(() -> Alert.CLEARED.equals(alerts.find(alertId).orElseThrow().status()));
        assertThat(freezes.isFrozen(loanId)).isFalse();
        assertThat(alerts.find(alertId).orElseThrow().resolvedBy()).isEqualTo("olga");
        mvc.perform(post("/api/alerts/{id}/investigation", alertId).with(operator("olga"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"outcome\":\"CONFIRM\"}"))
                .andExpect(status().isConflict());
        JsonNode detail = json.readTree(mvc.perform(get("/api/alerts/{id}", alertId).with(borrower("nils-subject")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(detail.get("trail").findValuesAsText("actor")).contains("olga");
    }
}
