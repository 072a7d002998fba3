package io.bankofthings.lending.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.camunda.zeebe.exporter.api.context.Configuration;
import io.camunda.zeebe.exporter.api.context.Context;
import io.camunda.zeebe.exporter.api.context.Controller;
import io.camunda.zeebe.exporter.api.context.ScheduledTask;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.RecordValue;
import io.camunda.zeebe.protocol.record.RejectionType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporter against a real HTTP endpoint on a free port that answers like the application (200, or 503 while
 * "down"), with the broker's context and controller played by small test classes: the broker itself does not run
 * in this build. What matters: the exported position moves only after a 200, so records repeat after a failure.
 */
class ReadModelExporterTests {

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private String url;

    @BeforeEach
    void startEndpoint() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/engine-records", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            int code = status.get();
            if (code == 200) {
                bodies.add(body);
            }
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/internal/engine-records";
    }

    @AfterEach
    void stopEndpoint() {
        server.stop(0);
    }

    private ReadModelExporter exporter(TestController controller, Map<String, Object> args) {
        var exporter = new ReadModelExporter(name -> name.equals("LENDING_EXPORTER_SECRET") ? "s3cret" : null);
        exporter.configure(new TestContext(args));
        exporter.open(controller);
        return exporter;
    }

    private static Map<String, Object> args(Object... pairs) {
        var args = new HashMap<String, Object>();
        for (int i = 0; i < pairs.length; i += 2) {
            args.put((String) pairs[i], pairs[i + 1]);
        }
        return args;
    }

    @Test
    void sendsFullBatchesAndMovesThePositionOnlyAfterTheApplicationAccepted() {
        var controller = new TestController(-1);
        var exporter = exporter(controller, args("url", url, "batchSize", "3"));

        for (long position = 1; position <= 7; position++) {
            exporter.export(new TestRecord(position));
        }

        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0)).isEqualTo("[" + TestRecord.json(1) + "," + TestRecord.json(2) + "," + TestRecord.json(3) + "]");
        assertThat(controller.position).isEqualTo(6);
        assertThat(exporter.pending()).isEqualTo(1);
        assertThat(authorizations).containsOnly("Exporter s3cret");

        controller.runScheduled();
        assertThat(bodies).hasSize(3);
        assertThat(bodies.get(2)).isEqualTo("[" + TestRecord.json(7) + "]");
        assertThat(controller.position).isEqualTo(7);
        assertThat(controller.scheduled).as("the flush is scheduled again").hasSize(1);
    }

    @Test
    void keepsRecordsWhileTheApplicationIsDownAndTheBrokerRetriesThemWithoutDuplicates() {
        var controller = new TestController(-1);
        var exporter = exporter(controller, args("URL", url, "batchsize", "2"));
        status.set(503);

        exporter.export(new TestRecord(1));
        assertThatThrownBy(() -> exporter.export(new TestRecord(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTP 503");
        // the broker retries the record that failed: it is not buffered twice
        assertThatThrownBy(() -> exporter.export(new TestRecord(2))).hasMessageContaining("HTTP 503");
        assertThat(controller.position).isEqualTo(-1);
        assertThat(exporter.pending()).isEqualTo(2);

        status.set(200);
        exporter.export(new TestRecord(2));
        assertThat(bodies).containsExactly("[" + TestRecord.json(1) + "," + TestRecord.json(2) + "]");
        assertThat(controller.position).isEqualTo(2);
    }

    @Test
    void afterABrokerCrashTheUnacknowledgedRecordsAreSentAgain() {
        var controller = new TestController(-1);
        var exporter = exporter(controller, args("url", url, "batchSize", "2"));
        for (long position = 1; position <= 5; position++) {
            exporter.export(new TestRecord(position));
        }
        assertThat(controller.position).isEqualTo(4);
        // kill -9: record 5 was buffered but never acknowledged; the broker replays from its exported position 4
        var restarted = exporter(new TestController(controller.position), args("url", url, "batchSize", "2"));
        for (long position = 1; position <= 6; position++) {
            restarted.export(new TestRecord(position));
        }
        assertThat(bodies).last().isEqualTo("[" + TestRecord.json(5) + "," + TestRecord.json(6) + "]");
    }

    @Test
    void closeSendsWhatIsLeft() {
        var controller = new TestController(10);
        var exporter = exporter(controller, args("url", url));
        exporter.export(new TestRecord(9));
        exporter.export(new TestRecord(11));
        exporter.close();
        assertThat(bodies).containsExactly("[" + TestRecord.json(11) + "]");
        assertThat(controller.position).isEqualTo(11);
        assertThat(controller.cancelled).isTrue();
    }

    @Test
    void acceptsOnlyEventsOfTheProjectedValueTypes() {
        var context = new TestContext(args("url", url));
        new ReadModelExporter(name -> "s3cret").configure(context);
        assertThat(context.filter.acceptType(RecordType.EVENT)).isTrue();
        assertThat(context.filter.acceptType(RecordType.COMMAND)).isFalse();
        assertThat(context.filter.acceptType(RecordType.COMMAND_REJECTION)).isFalse();
        assertThat(context.filter.acceptValue(ValueType.JOB)).isTrue();
        assertThat(context.filter.acceptValue(ValueType.INCIDENT)).isTrue();
        assertThat(context.filter.acceptValue(ValueType.DEPLOYMENT)).isFalse();
    }

    @Test
    void refusesToStartWithoutUrlOrSecretOrWithBadArguments() {
        assertThatThrownBy(() -> new ReadModelExporter(name -> "s3cret").configure(new TestContext(args())))
                .hasMessageContaining("needs the argument 'url'");
        assertThatThrownBy(() -> new ReadModelExporter(name -> null).configure(new TestContext(args("url", url))))
                .hasMessageContaining("LENDING_EXPORTER_SECRET");
        assertThatThrownBy(() -> new ReadModelExporter(name -> "s3cret")
                        .configure(new TestContext(args("url", "ftp://host/x"))))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> new ReadModelExporter(name -> "s3cret")
                        .configure(new TestContext(args("url", url, "batchSize", "0"))))
                .hasMessageContaining("batchsize must be a whole number from 1 to 10000, was 0");
        assertThatThrownBy(() -> new ReadModelExporter(name -> name.equals("MY_SECRET") ? "x" : null)
                        .configure(new TestContext(args("url", url))))
                .hasMessageContaining("LENDING_EXPORTER_SECRET");
        new ReadModelExporter(name -> name.equals("MY_SECRET") ? "x" : null)
                .configure(new TestContext(args("url", url, "secretEnv", "MY_SECRET")));
    }

    static final class TestContext implements Context {
        private final Map<String, Object> args;
        RecordFilter filter;

        TestContext(Map<String, Object> args) {
            this.args = args;
        }

        @Override
        public Logger getLogger() {
            return LoggerFactory.getLogger(ReadModelExporterTests.class);
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
                    return args;
                }

                @Override
                public <T> T instantiate(Class<T> type) {
                    throw new UnsupportedOperationException("the exporter reads its arguments as a map");
                }
            };
        }

        @Override
        public int getPartitionId() {
            return 1;
        }

        @Override
        public void setFilter(RecordFilter filter) {
            this.filter = filter;
        }
    }

    static final class TestController implements Controller {
        long position;
        final List<Runnable> scheduled = new ArrayList<>();
        boolean cancelled;

        TestController(long position) {
            this.position = position;
        }

        void runScheduled() {
            var due = new ArrayList<>(scheduled);
            scheduled.clear();
            due.forEach(Runnable::run);
        }

        @Override
        public void updateLastExportedRecordPosition(long position) {
            this.position = position;
        }

        @Override
        public void updateLastExportedRecordPosition(long position, byte[] metadata) {
            this.position = position;
        }

        @Override
        public long getLastExportedRecordPosition() {
            return position;
        }

        @Override
        public ScheduledTask scheduleCancellableTask(Duration delay, Runnable task) {
            scheduled.add(task);
            return () -> cancelled = true;
        }

        @Override
        public Optional<byte[]> readMetadata() {
            return Optional.empty();
        }
    }

    /** A job record whose JSON names its position, as the broker's records do. */
    record TestRecord(long position) implements Record<RecordValue> {

        static String json(long position) {
            return "{\"partitionId\":1,\"position\":" + position + ",\"valueType\":\"JOB\"}";
        }

        @Override
        public String toJson() {
            return json(position);
        }

        @Override
        public long getPosition() {
            return position;
        }

        @Override
        public long getSourceRecordPosition() {
            return -1;
        }

        @Override
        public long getKey() {
            return position;
        }

        @Override
        public long getTimestamp() {
            return 0;
        }

        @Override
        public Intent getIntent() {
            return JobIntent.CREATED;
        }

        @Override
        public int getPartitionId() {
            return 1;
        }

        @Override
        public RecordType getRecordType() {
            return RecordType.EVENT;
        }

        @Override
        public RejectionType getRejectionType() {
            return RejectionType.NULL_VAL;
        }

        @Override
        public String getRejectionReason() {
            return "";
        }

        @Override
        public String getBrokerVersion() {
            return "8.5.8";
        }

        @Override
        public Map<String, Object> getAuthorizations() {
            return Map.of();
        }

        @Override
        public int getRecordVersion() {
            return 1;
        }

        @Override
        public ValueType getValueType() {
            return ValueType.JOB;
        }

        @Override
        public RecordValue getValue() {
            return null;
        }
    }
}
