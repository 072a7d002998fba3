package io.bankofthings.lending.readmodel;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Feeds the read model from the in-process engine's record stream ({@code ZeebeTestEngine#getRecordStreamSource()}),
 * polling every {@code lending.read-model.poll-interval} (default 200 ms). Does nothing when the application runs
 * against a broker: there the exporter posts the records. Each run of the in-memory engine is a new source, so the
 * read model starts empty with it. {@code lending.read-model.feed.enabled=false} switches the feed off.
 */
@Component
public class RecordStreamFeed {

    /** Records per transaction. */
    static final int BATCH_SIZE = 500;
    private static final Logger LOG = LoggerFactory.getLogger(RecordStreamFeed.class);

    private final ObjectProvider<ZeebeTestEngine> engine;
    private final ProcessReadModel readModel;
    private final boolean enabled;
    private final String source = "embedded:" + UUID.randomUUID();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        var thread = new Thread(task, "read-model-feed");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean running = new AtomicBoolean();
    private boolean started;
    private int next;

    @Autowired
    public RecordStreamFeed(ObjectProvider<ZeebeTestEngine> engine, ProcessReadModel readModel,
            @Value("${lending.read-model.feed.enabled:true}") boolean enabled) {
        this.engine = engine;
        this.readModel = readModel;
        this.enabled = enabled;
    }

    public RecordStreamFeed(ObjectProvider<ZeebeTestEngine> engine, ProcessReadModel readModel) {
        this(engine, readModel, true);
    }

    /**
     * Hands the work to the feed's own thread, so a long catch-up never holds the scheduler thread that the
     * application's other fixed-delay tasks share.
     */
    @Scheduled(fixedDelayString = "${lending.read-model.poll-interval:200ms}")
    void poll() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    drain();
                } catch (RuntimeException e) {
                    LOG.warn("Read model feed paused at record {}: {}; retrying on the next poll", next, e.toString());
                } finally {
                    running.set(false);
                }
            });
        } catch (RuntimeException e) {
            running.set(false);
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    /**
     * Projects every record the engine wrote since the last call; a test calls it to catch up at once.
     *
     * @return the records projected
     */
    public synchronized int drain() {
        ZeebeTestEngine current = enabled ? engine.getIfAvailable() : null;
        if (current == null) {
            return 0;
        }
        if (!started) {
            readModel.startSource(source, true);
            started = true;
        }
        List<Record<?>> records = snapshot(current.getRecordStreamSource().getRecords());
        // the engine appends to this list while we read: read only up to the size seen now, by index
        int size = records.size();
        int projected = 0;
        while (next < size) {
            int end = Math.min(size, next + BATCH_SIZE);
            var batch = new ArrayList<EngineRecord>(end - next);
            for (int i = next; i < end; i++) {
                Record<?> record = records.get(i);
                // only events of the projected types: the rest would only move the position (and cost a toJson)
                if (record.getRecordType() == RecordType.EVENT
                        && ProcessReadModel.PROJECTED_VALUE_TYPES.contains(record.getValueType().name())) {
                    batch.add(EngineRecord.fromJson(record.toJson()));
                }
            }
            projected += readModel.project(batch).projected();
            next = end;
        }
        return projected;
    }

    private List<Record<?>> snapshot(Iterable<Record<?>> records) {
        if (records instanceof List<Record<?>> list) {
            return list;
        }
        var copy = new ArrayList<Record<?>>();
        records.forEach(copy::add);
        return copy;
    }
}
