package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.collateral.DeviceRegistry;
import io.bankofthings.lending.ingestion.MqttSettings;
import io.bankofthings.lending.ledger.CreditLineFreezes;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.monitoring.WatchedCollaterals;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Latency from a reading published over MQTT (a machine leaving its site) to its loan's credit line being frozen in
 * PostgreSQL, through the whole platform on its embedded defaults: Artemis, the ingestion route (batching, Parquet on
 * S3Proxy), the alert rules, the Zeebe message, the alert-response table and the freeze job. Background devices publish
 * readings at a fixed rate meanwhile. Not part of the normal test run (the class name matches no surefire include
 * pattern); run it with
 * <pre>mvn -B -o -pl app -am test -Dfrontend.skip=true -Dtest=MonitoringLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * and copy the printed table into docs/benchmarks/monitoring.md.
 */
@Tag("benchmark")
@SpringBootTest
@AutoConfigureMockMvc
class MonitoringLatencyBenchmark {

    private static final int SAMPLES = 30;
    private static final int WARM_UP = 5;
    private static final int BACKGROUND_DEVICES = 50;
    private static final double LAT = LoanTestData.LAT;
    private static final double LON = LoanTestData.LON;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsSupport.register(registry);
        // the machine is shared with other builds: give the start-up deployment more than the default 10 s
        registry.add("camunda.client.request-timeout", () -> "PT60S");
        registry.add("lending.mqtt.batch-timeout", () -> "200ms");
        registry.add("lending.monitoring.default-site-latitude", () -> LAT);
        registry.add("lending.monitoring.default-site-longitude", () -> LON);
        registry.add("lending.monitoring.default-geofence-radius-meters", () -> 300);
        registry.add("logging.level.io.bankofthings", () -> "WARN");
        registry.add("logging.level.io.camunda", () -> "WARN");
    }

    record Result(String scenario, double achievedPerSecond, int samples, double p50, double p99, double max) {
        String row() {
            return String.format(Locale.ROOT, "| %s | %.0f | %d | %.0f | %.0f | %.0f |", scenario, achievedPerSecond,
                    samples, p50, p99, max);
        }
    }

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired MqttSettings mqtt;
    @Autowired WatchedCollaterals watched;
    @Autowired CreditLineFreezes freezes;
    @Autowired DeviceRegistry devices;
    @Autowired TelemetryParquetWriter telemetry;
    @Autowired LoanApplications applications;

    @Test
    void measuresReadingToFreezeLatency() throws Exception {
        var results = new ArrayList<Result>();
        String deviceId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String loanId = disbursedLoan(deviceId);
        var device = connect("bench-device");
        var seq = new AtomicLong();
        measure(device, deviceId, loanId, seq, "warm-up (discarded)", 0, WARM_UP);
        results.add(measure(device, deviceId, loanId, seq, "no background load", 0, SAMPLES));
        results.add(measure(device, deviceId, loanId, seq, "background 500 readings/s", 500, SAMPLES));
        results.add(measure(device, deviceId, loanId, seq, "background 2,000 readings/s", 2_000, SAMPLES));
        device.disconnect();
        System.out.println();
        System.out.println("| scenario | background readings/s achieved | samples | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---|---|---|---|---|");
        results.forEach(r -> System.out.println(r.row()));
        System.out.println();
    }

    private Result measure(MqttClient device, String deviceId, String loanId, AtomicLong seq, String scenario,
            int backgroundPerSecond, int samples) throws Exception {
        var running = new AtomicBoolean(true);
        var sent = new AtomicLong();
        Thread background = backgroundPerSecond == 0 ? null : Thread.ofPlatform().start(() -> load(running, sent, backgroundPerSecond));
        long loadStart = System.nanoTime();
        double[] millis = new double[samples];
        try {
            Thread.sleep(backgroundPerSecond == 0 ? 0 : 2_000);
            for (int i = 0; i < samples; i++) {
                long start = System.nanoTime();
                send(device, deviceId, seq.incrementAndGet(), LAT + 0.01);
                while (!freezes.isFrozen(loanId)) {
                    Thread.sleep(2);
                    assertThat(System.nanoTime() - start).as("frozen within 60 s").isLessThan(60_000_000_000L);
                }
                millis[i] = (System.nanoTime() - start) / 1e6;
                send(device, deviceId, seq.incrementAndGet(), LAT);
                while (freezes.isFrozen(loanId)) {
                    Thread.sleep(5);
                    assertThat(System.nanoTime() - start).as("released within 120 s").isLessThan(120_000_000_000L);
                }
            }
        } finally {
            running.set(false);
            if (background != null) {
                background.join();
            }
        }
        double seconds = (System.nanoTime() - loadStart) / 1e9;
        Arrays.sort(millis);
        return new Result(scenario, sent.get() / seconds, samples, millis[samples / 2],
                millis[(int) Math.min(samples - 1, Math.ceil(samples * 0.99) - 1)], millis[samples - 1]);
    }

    /** Publishes readings of unwatched devices at about {@code perSecond}, QoS 1, until stopped. */
    private void load(AtomicBoolean running, AtomicLong sent, int perSecond) {
        try {
            var client = connect("bench-load");
            long start = System.nanoTime();
            long n = 0;
            while (running.get()) {
                long due = start + (long) (n * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                String id = "load-" + (n % BACKGROUND_DEVICES);
                var message = new MqttMessage("{\"ts\":\"%s\",\"seq\":%d,\"lat\":%s,\"lon\":%s,\"metrics\":{\"powerOn\":true}}"
                        .formatted(Instant.now(), n, LAT, LON).getBytes(StandardCharsets.UTF_8));
                message.setQos(1);
                client.publish("devices/" + id + "/telemetry", message);
                sent.incrementAndGet();
                n++;
            }
            client.disconnect();
        } catch (Exception e) {
            throw new IllegalStateException("background load failed", e);
        }
    }

    private MqttClient connect(String prefix) throws Exception {
        var client = new MqttClient(mqtt.url().toString(), prefix + "-" + UUID.randomUUID(), new MemoryPersistence());
        var options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options);
        return client;
    }

    private static void send(MqttClient device, String deviceId, long seq, double lat) throws Exception {
        var message = new MqttMessage("{\"ts\":\"%s\",\"seq\":%d,\"lat\":%s,\"lon\":%s}"
                .formatted(Instant.now(), seq, lat, LON).getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        device.publish("devices/" + deviceId + "/telemetry", message);
    }

    private String disbursedLoan(String deviceId) throws Exception {
        LoanTestData.onlineDevice(devices, telemetry, deviceId, DeviceType.EQUIPMENT_MONITOR, 7 * 24);
        var borrower = jwt().jwt(j -> j.subject("bench-borrower").claim("preferred_username", "bench"))
                .authorities(new SimpleGrantedAuthority("ROLE_borrower"));
        var created = mvc.perform(post("/api/loan-applications").with(borrower)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(LoanTestData.application(1_000_000, 12, "ANNUITY", "EQUIPMENT", 5_000_000,
                                "SN-" + deviceId, deviceId, "EQUIPMENT_MONITOR")))
                .andExpect(status().isAccepted())
                .andReturn().getResponse().getContentAsString();
        String loanId = json.readTree(created).get("loanId").asText();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!applications.find(loanId).orElseThrow().status().name().equals("OFFERED")) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(50);
        }
        mvc.perform(post("/api/loan-applications/{id}/offer/accept", loanId).with(borrower)).andExpect(status().isAccepted());
        while (watched.enrolment(loanId).isEmpty()) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(50);
        }
        return loanId;
    }
}
