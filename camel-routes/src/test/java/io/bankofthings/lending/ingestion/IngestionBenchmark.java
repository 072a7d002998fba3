package io.bankofthings.lending.ingestion;

import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.bankofthings.lending.storage.TelemetryParquetWriter;
import io.bankofthings.lending.storage.TelemetryReading;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;

/**
 * Ingestion throughput, not a test: the class name matches no surefire include pattern, so only
 * {@code -Dtest=IngestionBenchmark} runs it. Publishes signed readings over MQTT (QoS 1) and posts signed batches to
 * {@code /ingest/generic} (MockMvc: the whole servlet stack without the network), all stored as Parquet on the
 * embedded S3; prints readings/s, readings per CPU-second, Parquet bytes per reading against the JSON size, and the
 * cost of each step. Results in docs/benchmarks/ingestion.md.
 */
class IngestionBenchmark extends IngestionIntegrationTestBase {

    private static final int MQTT_READINGS = 10_000;
    private static final int MQTT_DEVICES = 50;
    private static final int HTTP_BATCHES = 20;
    private static final int HTTP_BATCH_SIZE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Value("${lending.mqtt.client-id}")
    String consumerClientId;

    @Autowired
    TelemetryJsonParser parser;

    @Autowired
    SequenceHighWaterMarks sequences;

    @Autowired
    TelemetryParquetWriter writer;

    @Test
    void measure() throws Exception {
        List<String> report = new ArrayList<>();
        warmUp();
        report.add(mqtt(1, 2_000));
        report.add(mqtt(MQTT_DEVICES, MQTT_READINGS / MQTT_DEVICES));
        report.add(http());
        report.addAll(steps());
        System.out.println("\n=== ingestion benchmark ===");
        report.forEach(System.out::println);
    }

    private void warmUp() throws Exception {
        String device = unique("warm");
        byte[] key = keys.provision(device, "benchmark");
        webhook(batch(device, key, 1, 200));
        mqtt(10, 200); // compiles the MQTT path before it is measured
    }

    /**
     * Publishes {@code readingsPerDevice} signed readings from each of {@code devices} devices, each device on its own
     * connection and thread, publishing at QoS 1 and waiting for each PUBACK (as a device does); measures until all
     * are in Parquet.
     */
    private String mqtt(int devices, int readingsPerDevice) throws Exception {
        List<List<byte[]>> payloadsPerDevice = new ArrayList<>(devices);
        List<String> deviceIds = new ArrayList<>(devices);
        long jsonBytes = 0;
        Instant start = recent(30);
        for (int d = 0; d < devices; d++) {
            String device = unique("mqtt");
            byte[] key = keys.provision(device, "benchmark");
            List<byte[]> payloads = new ArrayList<>(readingsPerDevice);
            for (int seq = 1; seq <= readingsPerDevice; seq++) {
                TelemetryReading reading = reading(device, seq, start.plusMillis(seq));
                byte[] payload = TelemetryJson.toBytes(reading, ReadingSignatures.sign(key, reading));
                jsonBytes += payload.length;
                payloads.add(payload);
            }
            deviceIds.add(device);
            payloadsPerDevice.add(payloads);
        }
        List<MqttClient> clients = new ArrayList<>(devices);
        for (String device : deviceIds) {
            MqttClient client = new MqttClient(broker.url().toString(), "bench-" + device, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            client.connect(options);
            clients.add(client);
        }
        int total = devices * readingsPerDevice;
        long storedBefore = metrics.readingsStoredCount();
        double bytesBefore = bytesStored();
        Map<Long, Long> threadCpuBefore = threadCpu();
        AtomicLong publisherCpu = new AtomicLong();
        Measure measure = Measure.start();
        try (ExecutorService publishers = Executors.newFixedThreadPool(devices)) {
            List<Future<?>> done = new ArrayList<>(devices);
            for (int d = 0; d < devices; d++) {
                MqttClient client = clients.get(d);
                String topic = "devices/" + deviceIds.get(d) + "/telemetry";
                List<byte[]> payloads = payloadsPerDevice.get(d);
                done.add(publishers.submit(() -> {
                    long cpuStart = THREADS.getCurrentThreadCpuTime();
                    for (byte[] payload : payloads) {
                        client.publish(topic, payload, 1, false);
                    }
                    publisherCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuStart);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> metrics.readingsStoredCount() - storedBefore >= total);
        String line = measure.line("MQTT QoS 1, one reading per message, %d device%s in parallel"
                .formatted(devices, devices == 1 ? "" : "s"), total, jsonBytes, bytesStored() - bytesBefore);
        line += "\n" + whereTheTimeGoes(threadCpuBefore, publisherCpu.get(), total);
        for (MqttClient client : clients) {
            client.disconnect();
            client.close();
        }
        return line;
    }

    private String http() throws Exception {
        String device = unique("http");
        byte[] key = keys.provision(device, "benchmark");
        List<byte[]> bodies = new ArrayList<>();
        long jsonBytes = 0;
        for (int b = 0; b < HTTP_BATCHES; b++) {
            byte[] body = batch(device, key, b * HTTP_BATCH_SIZE + 1, HTTP_BATCH_SIZE);
            jsonBytes += body.length;
            bodies.add(body);
        }
        double bytesBefore = bytesStored();
        Measure measure = Measure.start();
        for (byte[] body : bodies) {
            webhook(body);
        }
        return measure.line("HTTP /ingest/generic, batches of " + HTTP_BATCH_SIZE, HTTP_BATCHES * HTTP_BATCH_SIZE,
                jsonBytes, bytesStored() - bytesBefore);
    }

    private List<String> steps() {
        String device = unique("steps");
        byte[] key = keys.provision(device, "benchmark");
        int n = 20_000;
        List<byte[]> payloads = new ArrayList<>(n);
        List<TelemetryReading> readings = new ArrayList<>(n);
        Instant start = recent(30);
        for (int seq = 1; seq <= n; seq++) {
            TelemetryReading reading = reading(device, seq, start.plusMillis(seq));
            readings.add(reading);
            payloads.add(TelemetryJson.toBytes(reading, ReadingSignatures.sign(key, reading)));
        }
        List<String> lines = new ArrayList<>();
        long t0 = System.nanoTime();
        List<SignedReading> parsed = new ArrayList<>(n);
        for (byte[] payload : payloads) {
            parsed.add(parser.parseSigned(payload, null));
        }
        long t1 = System.nanoTime();
        for (SignedReading signed : parsed) {
            ReadingSignatures.verify(key, signed.reading(), signed.signature());
        }
        long t2 = System.nanoTime();
        int lookups = 2_000;
        for (int i = 0; i < lookups; i++) {
            sequences.isReplay(readings.get(i));
        }
        long t3 = System.nanoTime();
        sequences.advance(readings.subList(0, 5_000));
        long t4 = System.nanoTime();
        writer.write(readings);
        long t5 = System.nanoTime();
        lines.add(step("JSON parse + validate", t1 - t0, n));
        lines.add(step("HMAC-SHA256 verify (canonical form)", t2 - t1, n));
        lines.add(step("replay lookup (1 PostgreSQL query)", t3 - t2, lookups));
        lines.add(step("record replay pairs (batch insert)", t4 - t3, 5_000));
        lines.add(step("Parquet ZSTD encode + S3 put", t5 - t4, n));
        return lines;
    }

    private static String step(String name, long nanos, int count) {
        return String.format(Locale.ROOT, "| %s | %d | %.1f µs | %.0f/s |", name, count, nanos / 1000.0 / count,
                count / (nanos / 1e9));
    }

    private byte[] batch(String device, byte[] key, int firstSeq, int size) throws Exception {
        ArrayNode batch = JSON.createArrayNode();
        Instant start = recent(20);
        for (int seq = firstSeq; seq < firstSeq + size; seq++) {
            TelemetryReading reading = reading(device, seq, start.plusMillis(seq));
            batch.add(TelemetryJson.toNode(reading, ReadingSignatures.sign(key, reading)));
        }
        return JSON.writeValueAsBytes(batch);
    }

    private void webhook(byte[] body) throws Exception {
        mvc.perform(post("/ingest/generic").header("X-Platform-Secret", GENERIC_SECRET)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isAccepted());
    }

    private double bytesStored() {
        return metrics.bytesStoredCount();
    }

    private static Map<Long, Long> threadCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long nanos = THREADS.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    /**
     * CPU time per reading by thread group since {@code before}: the ingestion consumer's MQTT callback thread
     * (parse, HMAC, replay lookup, aggregation), the batch store thread (Parquet, S3 put, replay pairs, alert rules),
     * the in-process broker, the in-process S3 server, the publishing devices (same JVM, measured on their own
     * threads) and the rest (Paho I/O threads of all clients, JIT, GC). PostgreSQL runs in its own process and is
     * not counted.
     */
    private String whereTheTimeGoes(Map<Long, Long> before, long publisherNanos, int readings) {
        Map<String, Long> groups = new LinkedHashMap<>();
        for (String group : List.of("consumer callback", "batch store", "MQTT broker", "S3 server", "other JVM threads")) {
            groups.put(group, 0L);
        }
        for (long id : THREADS.getAllThreadIds()) {
            long nanos = THREADS.getThreadCpuTime(id);
            var info = THREADS.getThreadInfo(id);
            if (nanos < 0 || info == null) {
                continue;
            }
            long delta = nanos - before.getOrDefault(id, 0L);
            String name = info.getThreadName();
            String group = name.contains(consumerClientId) ? "consumer callback"
                    : name.startsWith("telemetry-batch-store") ? "batch store"
                    : name.toLowerCase(Locale.ROOT).contains("activemq") ? "MQTT broker"
                    : name.startsWith("S3Proxy") ? "S3 server"
                    : "other JVM threads";
            groups.merge(group, delta, Long::sum);
        }
        StringBuilder line = new StringBuilder("|   CPU µs per reading:");
        groups.forEach((group, nanos) -> line.append(String.format(Locale.ROOT, " %s %.0f;", group, nanos / 1e3 / readings)));
        line.append(String.format(Locale.ROOT, " publishing devices %.0f (their threads, ended) |", publisherNanos / 1e3 / readings));
        return line.toString();
    }

    /** Wall and process CPU time of one scenario. */
    private record Measure(long wallStart, long cpuStart) {

        static Measure start() {
            return new Measure(System.nanoTime(), cpu());
        }

        String line(String scenario, int readings, long jsonBytes, double parquetBytes) {
            double wall = (System.nanoTime() - wallStart) / 1e9;
            double cpu = (cpu() - cpuStart) / 1e9;
            return String.format(Locale.ROOT,
                    "| %s | %d | %.1f s | %.0f | %.2f | %.0f | %.0f | %.1f | %.1f |",
                    scenario, readings, wall, readings / wall, cpu / wall, readings / cpu,
                    (double) jsonBytes / readings, parquetBytes / readings, 100.0 * parquetBytes / jsonBytes);
        }

        private static long cpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }
}
