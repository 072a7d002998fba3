package io.bankofthings.lending.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.EmbeddedDefaultsAccess;
import io.bankofthings.lending.exporter.ReadModelExporter;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.exporter.api.context.Configuration;
import io.camunda.zeebe.exporter.api.context.Context;
import io.camunda.zeebe.exporter.api.context.Controller;
import io.camunda.zeebe.exporter.api.context.ScheduledTask;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The broker path of the read model without a broker: the real exporter class takes the records of the application's
 * own engine (filtered as a broker would) and posts them to the real {@code /internal/engine-records} endpoint
 * over HTTP; then a "crash" replays everything after an earlier acknowledged position, and the read model ignores
 * the repeats. The endpoint refuses unauthenticated, malformed and oversized deliveries and changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExporterDeliveryIntegrationTests {

    static final String SECRET = "test-exporter-secret";

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        EmbeddedDefaultsAccess.register(registry);
        registry.add("lending.read-model.feed.enabled", () -> "false");
        registry.add("lending.exporter.secret", () -> SECRET);
        registry.add("lending.exporter.max-batch-bytes", () -> "2000000");
    }

    @LocalServerPort int port;
    @Autowired ZeebeTestEngine engine;
    @Autowired CamundaClient client;
    @Autowired ProcessInstances instances;
    @Autowired ProcessReadModel readModel;
    @Autowired JdbcClient jdbc;
    @Autowired ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private String endpoint() {
        return "http://127.0.0.1:" + port + "/internal/engine-records";
    }

    @Test
    void exportedRecordsBuildTheReadModelAndARepeatAfterACrashChangesNothing() throws Exception {
        // a small process of its own: the loan process belongs to the lending work and changes
        String processId = "exporter-test";
        var model = Bpmn.createExecutableProcess(processId)
                .startEvent("Start")
                .serviceTask("Work", t -> t.zeebeJobType("exporter-test-work"))
                .endEvent("End")
                .done();
        client.newDeployResourceCommand().addProcessModel(model, processId + ".bpmn").send().join();
        String loanId = "L-exporter-" + UUID.randomUUID();
        client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
                .variables(Map.of("loanId", loanId)).send().join();
        settle();
        var jobs = client.newActivateJobsCommand().jobType("exporter-test-work").maxJobsToActivate(1).send().join().getJobs();
        for (Instant deadline = Instant.now().plusSeconds(30); jobs.isEmpty() && Instant.now().isBefore(deadline); ) {
            Thread.sleep(100);
            jobs = client.newActivateJobsCommand().jobType("exporter-test-work").maxJobsToActivate(1).send().join().getJobs();
        }
        assertThat(jobs).hasSize(1);
        client.newCompleteCommand(jobs.get(0)).send().join();
        settle();

        var broker = new Broker();
        var first = broker.open(-1);
        broker.exportAll(first);
        first.close();
        long acknowledged = broker.position;
        assertThat(acknowledged).isEqualTo(readModel.position(1)).isPositive();
        var instance = instances.search(ProcessInstanceFilter.byBusinessKey(loanId));
        assertThat(instance).singleElement().satisfies(i -> assertThat(i.state()).isEqualTo(ProcessInstanceState.COMPLETED));
        var before = counts();

        // kill -9 of the broker after its exported position lagged behind: it replays from an older position
        var restarted = broker.open(acknowledged / 2);
        int replayed = broker.exportAll(restarted);
        restarted.close();

        assertThat(replayed).isPositive();
        assertThat(counts()).isEqualTo(before);
        assertThat(readModel.position(1)).isEqualTo(acknowledged);
        assertThat(instances.search(ProcessInstanceFilter.byBusinessKey(loanId))).singleElement()
                .satisfies(i -> assertThat(i.state()).isEqualTo(ProcessInstanceState.COMPLETED));
    }

    @Test
    void refusesDeliveriesWithoutTheSecretOrWithBadRecordsAndKeepsNothingOfThem() throws Exception {
        var before = counts();
        long position = readModel.position(1);
        String valid = """
                [{"partitionId": 1, "position": 999999999, "key": 77, "timestamp": 1, "recordType": "EVENT",
                  "valueType": "VARIABLE", "intent": "CREATED",
                  "value": {"name": "loanId", "value": "\\"L-hostile\\"", "scopeKey": 77, "processInstanceKey": 77}}]""";

        assertThat(post(valid, null).statusCode()).isEqualTo(401);
        assertThat(post(valid, "Exporter wrong-secret").statusCode()).isEqualTo(401);
        assertThat(post(valid, "Bearer " + SECRET).statusCode()).isEqualTo(401);
        var notJson = post("[{\"partitionId\": 1,", "Exporter " + SECRET);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("not valid JSON");
        var notArray = post("{\"partitionId\": 1}", "Exporter " + SECRET);
        assertThat(notArray.statusCode()).isEqualTo(400);
        assertThat(notArray.body()).contains("JSON array");
        // a good record followed by a bad one: the whole batch is refused, the good one is not kept either
        var mixed = post(valid.replace("}}]", "}}, {\"position\": \"1; drop table rm_position\"}]"), "Exporter " + SECRET);
        assertThat(mixed.statusCode()).isEqualTo(400);
        assertThat(mixed.body()).contains("must be an integer");
        var huge = post("[" + "\"x\",".repeat(500_000) + "\"x\"]", "Exporter " + SECRET);
        assertThat(huge.statusCode()).isEqualTo(413);
        var wrongType = HttpRequest.newBuilder(URI.create(endpoint()))
                .header("Authorization", "Exporter " + SECRET).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(valid)).build();
        assertThat(http.send(wrongType, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);

        assertThat(counts()).isEqualTo(before);
        assertThat(readModel.position(1)).isEqualTo(position);
        assertThat(instances.search(ProcessInstanceFilter.byBusinessKey("L-hostile"))).isEmpty();
    }

    private HttpResponse<String> post(String body, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(endpoint())).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Long> counts() {
        var counts = new TreeMap<String, Long>();
        for (String table : List.of("rm_process_instance", "rm_business_key", "rm_element_instance", "rm_variable",
                "rm_job", "rm_incident", "rm_message", "rm_message_correlation", "rm_decision", "rm_history")) {
            counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
        }
        return counts;
    }

    /** Plays the broker's part: configures and opens the exporter, applies its filter, keeps its exported position. */
    private final class Broker implements Controller {
        long position;
        Context.RecordFilter filter;

        ReadModelExporter open(long exportedPosition) {
            position = exportedPosition;
            var exporter = new ReadModelExporter(name -> name.equals("LENDING_EXPORTER_SECRET") ? SECRET : null);
            exporter.configure(new Context() {
                @Override
                public Logger getLogger() {
                    return LoggerFactory.getLogger(ExporterDeliveryIntegrationTests.class);
                }

                @Override
                public Configuration getConfiguration() {
                    return new Configuration() {
                        @Override
                        public String getId() {
                            return "readmodel";
                        }

                        @Override
                        public Map<String, Object> getArguments() {
                            return Map.of("url", endpoint(), "batchSize", "50");
                        }

                        @Override
                        public <T> T instantiate(Class<T> type) {
                            throw new UnsupportedOperationException();
                        }
                    };
                }

                @Override
                public int getPartitionId() {
                    return 1;
                }

                @Override
                public void setFilter(RecordFilter recordFilter) {
                    filter = recordFilter;
                }
            });
            exporter.open(this);
            return exporter;
        }

        /** Exports every record after the exported position that passes the filter; returns how many. */
        int exportAll(ReadModelExporter exporter) {
            List<Record<?>> records = new ArrayList<>();
            engine.getRecordStreamSource().getRecords().forEach(records::add);
            long from = position;
            int exported = 0;
            for (Record<?> record : records) {
                if (record.getPosition() > from && filter.acceptType(record.getRecordType())
                        && filter.acceptValue(record.getValueType())) {
                    exporter.export(record);
                    exported++;
                }
            }
            return exported;
        }

        @Override
        public void updateLastExportedRecordPosition(long newPosition) {
            position = newPosition;
        }

        @Override
        public void updateLastExportedRecordPosition(long newPosition, byte[] metadata) {
            position = newPosition;
        }

        @Override
        public long getLastExportedRecordPosition() {
            return position;
        }

        @Override
        public ScheduledTask scheduleCancellableTask(Duration delay, Runnable task) {
            return () -> {};
        }

        @Override
        public Optional<byte[]> readMetadata() {
            return Optional.empty();
        }
    }

    /**
     * Waits for the engine to go idle; the whole application's schedulers keep it busy now and then, so a busy engine
     * after 10 s is waited out by a short pause instead of failing the test.
     */
    private void settle() throws InterruptedException {
        try {
            engine.waitForIdleState(Duration.ofSeconds(10));
        } catch (java.util.concurrent.TimeoutException e) {
            Thread.sleep(2_000);
        }
    }
}
