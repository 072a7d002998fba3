package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.bankofthings.lending.collateral.DeviceRegistry;
import io.bankofthings.lending.crosscheck.CrossCheckService;
import io.bankofthings.lending.ingestion.DeviceKeys;
import io.bankofthings.lending.ingestion.MqttSettings;
import io.bankofthings.lending.ingestion.ReadingSignatures;
import io.bankofthings.lending.ingestion.StoredReadingsNotifier;
import io.bankofthings.lending.ingestion.TelemetryJson;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import io.bankofthings.lending.storage.TelemetryReading;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.jspecify.annotations.Nullable;
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
 * The two-source cross-check end to end on the whole application (in-process Zeebe, embedded PostgreSQL, S3Proxy,
 * Artemis MQTT): a vehicle pledged with a GPS tracker and a depot's RFID gate; agreeing readings over a webhook mark
 * no disagreement, a gate sighting over MQTT while the tracker is 2 km away marks both readings, visible through the
 * API and counted once, also when the stored batch is handed to the listeners again.
 */
@SpringBootTest
@AutoConfigureMockMvc
class CrossCheckJourneyIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String SECRET = "crosscheck-test-generic-secret";
    /** About 2 km north of the site. */
    private static final double FAR_LAT = LoanTestData.LAT + 0.018;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
        registry.add("camunda.client.request-timeout", () -> "PT60S");
        registry.add("lending.mqtt.batch-timeout", () -> "200ms");
        registry.add("lending.ingestion.platform-secrets.generic", () -> SECRET);
        // read the list of cross-checked devices on every batch: the application is stored just before its readings
        registry.add("lending.ingestion.crosscheck.device-refresh", () -> "0s");
    }

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired MqttSettings mqtt;
    @Autowired LoanApplications applications;
    @Autowired DeviceRegistry devices;
    @Autowired TelemetryParquetWriter telemetry;
    @Autowired DeviceKeys deviceKeys;
    @Autowired StoredReadingsNotifier notifier;
    @Autowired MeterRegistry meters;

    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

    private static JwtRequestPostProcessor as(String role, String name) {
        return jwt().jwt(j -> j.subject(name + "-subject").claim("preferred_username", name))
                .authorities(new SimpleGrantedAuthority("ROLE_" + role));
    }

    private double disagreements() {
        return meters.get("lending.ingestion.crosscheck.disagreements").counter().count();
    }

    private TelemetryReading position(String gps, long seq, Instant at, double lat) {
        return new TelemetryReading(gps, at, seq, lat, LoanTestData.LON, new TelemetryMetrics(null, null, null, null, null,
                null, false, Map.of(CrossCheckService.ACCURACY, 12.0)));
    }

    private static TelemetryReading sighting(String gate, long seq, Instant at) {
        return new TelemetryReading(gate, at, seq, null, null, new TelemetryMetrics(null, null, null, null, null, null,
                false, Map.of(CrossCheckService.TAG_SEEN, 1.0)));
    }

    private byte[] signed(TelemetryReading reading) {
        byte[] key = keys.computeIfAbsent(reading.deviceId(), id -> deviceKeys.provision(id, "crosscheck-test"));
        return TelemetryJson.toBytes(reading, ReadingSignatures.sign(key, reading));
    }

    private String webhookBatch(List<TelemetryReading> readings) throws Exception {
        ArrayNode batch = json.createArrayNode();
        for (var reading : readings) {
            batch.add(json.readTree(signed(reading)));
        }
        return json.writeValueAsString(json.createObjectNode().set("readings", batch));
    }

    private JsonNode crossChecks(String collateralId, Instant from, Instant to) throws Exception {
        return json.readTree(mvc.perform(get("/api/ingestion/collateral/{id}/cross-checks", collateralId)
                        .with(as("analyst", "ana")).param("from", from.toString()).param("to", to.toString()))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    /** Polls the condition every 100 ms until it holds, failing after {@link #TIMEOUT}. */
    private static void awaitUntil(Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!Boolean.TRUE.equals(condition.call())) {
            assertThat(Instant.now()).as("condition still false after %s", TIMEOUT).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    /** Applies for a loan against a vehicle watched by the tracker and the gate, and waits until it is offered or referred. */
    private String pledgedVehicle(String gps, String gate) throws Exception {
        LoanTestData.onlineDevice(devices, telemetry, gps, DeviceType.GPS_TRACKER, 48);
        LoanTestData.onlineDevice(devices, telemetry, gate, DeviceType.RFID_GATE, 48);
        mvc.perform(put("/api/collateral-devices/{id}", gate).with(as("operator", "olga"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"type": "RFID_GATE", "label": "depot gate", "latitude": %s, "longitude": %s}"""
                                .formatted(LoanTestData.LAT, LoanTestData.LON)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.latitude").value(LoanTestData.LAT));
        mvc.perform(put("/api/collateral-devices/{id}", gate).with(as("operator", "olga"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"type": "RFID_GATE", "label": "depot gate", "latitude": 91}"""))
                .andExpect(status().isBadRequest());
        String body = """
                {"applicant": {"type": "NATURAL_PERSON", "name": "Vera Van", "birthDate": "1979-03-02", "nationalId": "T22000129", "country": "DE"},
                 "amountMinor": 1000000, "currency": "EUR", "termMonths": 12, "purpose": "delivery van", "repaymentType": "ANNUITY",
                 "collateral": [{"kind": "VEHICLE", "description": "Delivery van", "assetIdentifier": "VIN-%s",
                                 "declaredValueMinor": 5000000,
                                 "site": {"address": "Depotstrasse 1, Munich", "latitude": %s, "longitude": %s, "radiusMeters": 300},
                                 "devices": [{"deviceId": "%s", "type": "GPS_TRACKER"}, {"deviceId": "%s", "type": "RFID_GATE"}]}]}
                """.formatted(gps, LoanTestData.LAT, LoanTestData.LON, gps, gate);
        var created = mvc.perform(post("/api/loan-applications").with(as("borrower", "vera"))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isAccepted())
                .andReturn().getResponse().getContentAsString();
        String loanId = json.readTree(created).get("loanId").asText();
        // an offer or a referral: the collateral is registered and the application stays live
        awaitUntil(() -> List.of("OFFERED", "REFERRED").contains(applications.find(loanId).orElseThrow().status().name()));
        return applications.find(loanId).orElseThrow().collateral().getFirst().collateralId();
    }

    @Test
    void aGateSightingFarFromTheTrackerIsMarkedOnBothReadingsOnceAndAgreeingOnesAreNot() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String gps = "van-gps-" + suffix;
        String gate = "depot-gate-" + suffix;
        String collateralId = pledgedVehicle(gps, gate);
        Instant t1 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(30));
        Instant from = t1.minus(Duration.ofHours(1));
        Instant to = Instant.now().plus(Duration.ofHours(1));
        double before = disagreements();

        // agreeing, over the webhook: the van passes its own depot gate
        mvc.perform(post("/ingest/generic").header("X-Platform-Secret", SECRET).contentType(MediaType.APPLICATION_JSON)
                        .content(webhookBatch(List.of(position(gps, 1, t1.minusSeconds(20), LoanTestData.LAT),
                                sighting(gate, 1, t1), position(gps, 2, t1.plusSeconds(20), LoanTestData.LAT + 0.0005)))))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(3));
        awaitUntil(() -> crossChecks(collateralId, from, to).path("counts").path("AGREE").asLong() == 1);
        var agreed = crossChecks(collateralId, from, to);
        assertThat(agreed.path("counts").path("DISAGREE").asLong()).isZero();
        assertThat(agreed.path("marks")).hasSize(1);
        assertThat(agreed.path("marks").get(0).path("otherSequence").asLong()).isEqualTo(1);

        // disagreeing, over MQTT: the gate sees the van's tag while its tracker reports from 2 km away
        Instant t2 = t1.plus(Duration.ofMinutes(10));
        var disagreeing = List.of(position(gps, 3, t2.minusSeconds(10), FAR_LAT), sighting(gate, 2, t2),
                position(gps, 4, t2.plusSeconds(10), FAR_LAT));
        var device = new MqttClient(mqtt.url().toString(), "crosscheck-test-" + suffix, new MemoryPersistence());
        var options = new MqttConnectionOptions();
        options.setCleanStart(true);
        device.connect(options);
        try {
            for (var reading : disagreeing) {
                var message = new MqttMessage(signed(reading));
                message.setQos(1);
                device.publish("devices/" + reading.deviceId() + "/telemetry", message);
            }
        } finally {
            device.disconnect();
            device.close();
        }
        awaitUntil(() -> crossChecks(collateralId, from, to).path("counts").path("DISAGREE").asLong() == 1);
        var marked = crossChecks(collateralId, from, to);
        assertThat(marked.path("marks")).hasSize(3);
        var disagreement = disagreementMarks(marked);
        assertThat(disagreement).hasSize(2);
        assertThat(disagreement).anySatisfy(m -> {
            assertThat(m.path("deviceId").asText()).isEqualTo(gate);
            assertThat(m.path("sequence").asLong()).isEqualTo(2);
            assertThat(m.path("otherDeviceId").asText()).isEqualTo(gps);
            assertThat(m.path("distanceMeters").asDouble()).isBetween(1_990.0, 2_010.0);
            assertThat(m.path("toleranceMeters").asDouble()).isEqualTo(262.0);
            assertThat(Math.abs(m.path("timeGapSeconds").asDouble())).isEqualTo(10.0);
        });
        assertThat(disagreement).anySatisfy(m -> {
            assertThat(m.path("deviceId").asText()).isEqualTo(gps);
            assertThat(m.path("subject").asText()).isEqualTo("POSITION");
            assertThat(m.path("otherSequence").asLong()).isEqualTo(2);
        });
        assertThat(disagreements() - before).isEqualTo(1.0);

        // the same stored batch handed to the listeners again (a redelivery after a crash) marks nothing more
        notifier.notifyStored(disagreeing);
        // and posting it again is refused as a replay
        mvc.perform(post("/ingest/generic").header("X-Platform-Secret", SECRET).contentType(MediaType.APPLICATION_JSON)
                        .content(webhookBatch(disagreeing)))
                .andExpect(status().isUnprocessableEntity());
        assertThat(crossChecks(collateralId, from, to).path("marks")).hasSize(3);
        assertThat(disagreements() - before).isEqualTo(1.0);

        // by device, the tracker's disagreeing reading
        mvc.perform(get("/api/ingestion/devices/{id}/cross-checks", gps).with(as("operator", "olga"))
                        .param("from", from.toString()).param("to", to.toString()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.marks.length()").value(1))
                .andExpect(jsonPath("$.marks[0].outcome").value("DISAGREE"));
    }

    @Test
    void theCrossCheckApiRefusesBadRangesAndOtherRoles() throws Exception {
        Instant now = Instant.now();
        mvc.perform(get("/api/ingestion/collateral/{id}/cross-checks", "C-x").with(as("operator", "olga"))
                        .param("from", now.toString()).param("to", now.minusSeconds(1).toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("from must be before to")));
        mvc.perform(get("/api/ingestion/collateral/{id}/cross-checks", "C-x").with(as("operator", "olga"))
                        .param("from", now.minus(Duration.ofDays(40)).toString()).param("to", now.toString()))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/ingestion/collateral/{id}/cross-checks", "C-x").with(as("operator", "olga"))
                        .param("from", "yesterday").param("to", now.toString()))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/ingestion/collateral/{id}/cross-checks", "C-x").with(as("borrower", "bob"))
                        .param("from", now.minusSeconds(60).toString()).param("to", now.toString()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/ingestion/collateral/{id}/cross-checks", "C-x")
                        .param("from", now.minusSeconds(60).toString()).param("to", now.toString()))
                .andExpect(status().isUnauthorized());
    }

    private static List<JsonNode> disagreementMarks(@Nullable JsonNode answer) {
        var found = new java.util.ArrayList<JsonNode>();
        answer.path("marks").forEach(m -> {
            if (m.path("outcome").asText().equals("DISAGREE")) {
                found.add(m);
            }
        });
        return found;
    }
}
