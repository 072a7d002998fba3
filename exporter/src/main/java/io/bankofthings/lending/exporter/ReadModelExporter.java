package io.bankofthings.lending.exporter;

import io.camunda.zeebe.exporter.api.Exporter;
import io.camunda.zeebe.exporter.api.context.Context;
import io.camunda.zeebe.exporter.api.context.Controller;
import io.camunda.zeebe.exporter.api.context.ScheduledTask;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Delivers the broker's event records to the application ({@code POST /internal/engine-records}) in batches of
 * JSON ({@code Record#toJson()}), authenticated with {@code Authorization: Exporter <secret>}.
 *
 * <p>The broker's exported position moves only after the application answered 200 for a batch, so a batch that
 * failed, or was in flight when the broker or the application died, is sent again; the read model ignores
 * records it already has by position. While the application is down, {@link #export} throws once the batch is
 * full, and the broker retries that record with backoff: nothing is dropped, the log is only kept longer.
 *
 * <p>Arguments ({@code zeebe.broker.exporters.readmodel.args.*}, keys in any case):
 * <ul>
 *   <li>{@code url}: the endpoint, required, e.g. {@code http://127.0.0.1:8080/internal/engine-records}</li>
 *   <li>{@code secretEnv}: the environment variable holding the shared secret, default {@code LENDING_EXPORTER_SECRET}</li>
 *   <li>{@code batchSize}: records per request, default 200</li>
 *   <li>{@code flushIntervalMillis}: how often a partial batch is sent, default 500</li>
 *   <li>{@code requestTimeoutMillis}: default 10000</li>
 * </ul>
 */
public final class ReadModelExporter implements Exporter {

    static final String DEFAULT_SECRET_ENV = "LENDING_EXPORTER_SECRET";
    static final int DEFAULT_BATCH_SIZE = 200;
    static final long DEFAULT_FLUSH_INTERVAL_MILLIS = 500;
    static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 10_000;

    /** The value types the read model projects; the others are not sent. */
    static final Set<ValueType> PROJECTED = EnumSet.of(ValueType.PROCESS_INSTANCE, ValueType.VARIABLE, ValueType.JOB,
            ValueType.INCIDENT, ValueType.MESSAGE, ValueType.PROCESS_MESSAGE_SUBSCRIPTION,
            ValueType.DECISION_EVALUATION, ValueType.USER_TASK);

    private final Function<String, String> environment;
    private final List<String> batch = new ArrayList<>();
    private Logger log;
    private HttpClient http;
    private URI url;
    private String authorization;
    private int batchSize;
    private Duration flushInterval;
    private Duration requestTimeout;
    private Controller controller;
    private ScheduledTask flushTask;
    private long lastBuffered = -1;

    /** The broker's constructor: the secret comes from the process environment. */
    public ReadModelExporter() {
        this(System::getenv);
    }

    /** With another source of environment variables, e.g. in a test. */
    public ReadModelExporter(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public void configure(Context context) {
        log = context.getLogger();
        Map<String, Object> args = lowerCaseKeys(context.getConfiguration().getArguments());
        String target = text(args, "url", null);
        if (target == null) {
            throw new IllegalArgumentException("Exporter " + context.getConfiguration().getId()
                    + " needs the argument 'url', e.g. http://127.0.0.1:8080/internal/engine-records");
        }
        url = URI.create(target);
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("Exporter url must be http or https, was " + target);
        }
        String secretEnv = text(args, "secretenv", DEFAULT_SECRET_ENV);
        String secret = environment.apply(secretEnv);
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("Exporter needs the shared secret in the environment variable " + secretEnv);
        }
        authorization = "Exporter " + secret;
        batchSize = (int) number(args, "batchsize", DEFAULT_BATCH_SIZE, 1, 10_000);
        flushInterval = Duration.ofMillis(number(args, "flushintervalmillis", DEFAULT_FLUSH_INTERVAL_MILLIS, 10, 60_000));
        requestTimeout = Duration.ofMillis(number(args, "requesttimeoutmillis", DEFAULT_REQUEST_TIMEOUT_MILLIS, 100, 300_000));
        context.setFilter(new Context.RecordFilter() {
            @Override
            public boolean acceptType(RecordType recordType) {
                return recordType == RecordType.EVENT;
            }

            @Override
            public boolean acceptValue(ValueType valueType) {
                return PROJECTED.contains(valueType);
            }
        });
    }

    @Override
    public void open(Controller controller) {
        this.controller = controller;
        this.lastBuffered = controller.getLastExportedRecordPosition();
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
        log.info("Exporting records to {} in batches of {} from position {}", url, batchSize, lastBuffered);
        scheduleFlush();
    }

    @Override
    public void export(Record<?> record) {
        if (record.getPosition() > lastBuffered) {
            batch.add(record.toJson());
            lastBuffered = record.getPosition();
        }
        if (batch.size() >= batchSize) {
            // throws while the application is unreachable: the broker retries this record later
            flush();
        }
    }

    @Override
    public void close() {
        if (flushTask != null) {
            flushTask.cancel();
        }
        if (!batch.isEmpty()) {
            try {
                flush();
            } catch (RuntimeException e) {
                log.warn("{} records not delivered at close; the broker sends them again after its restart", batch.size());
            }
        }
        if (http != null) {
            http.close();
        }
    }

    /** Records buffered and not yet acknowledged by the application. */
    int pending() {
        return batch.size();
    }

    /** Sends the buffered records; on a 200 moves the broker's exported position to the last of them. */
    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        String body = "[" + String.join(",", batch) + "]";
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("The read model at " + url + " is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while delivering records to " + url, e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("The read model refused " + batch.size() + " records up to position "
                    + lastBuffered + " with HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        controller.updateLastExportedRecordPosition(lastBuffered);
        batch.clear();
    }

    private void scheduleFlush() {
        flushTask = controller.scheduleCancellableTask(flushInterval, () -> {
            try {
                flush();
            } catch (RuntimeException e) {
                log.warn("Records kept for the next try: {}", e.getMessage());
            }
            scheduleFlush();
        });
    }

    private static Map<String, Object> lowerCaseKeys(Map<String, Object> args) {
        var lower = new java.util.HashMap<String, Object>();
        if (args != null) {
            args.forEach((key, value) -> lower.put(key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""), value));
        }
        return lower;
    }

    private static String text(Map<String, Object> args, String key, String fallback) {
        Object value = args.get(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString().strip();
    }

    private static long number(Map<String, Object> args, String key, long fallback, long min, long max) {
        String value = text(args, key, null);
        if (value == null) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Exporter argument " + key + " must be a whole number from " + min + " to "
                + max + ", was " + value);
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
