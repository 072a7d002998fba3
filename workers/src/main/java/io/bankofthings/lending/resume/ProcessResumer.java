package io.bankofthings.lending.resume;

import io.bankofthings.lending.task.UserTaskInbox;
import io.camunda.client.CamundaClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives every open case whose process instance was lost with its engine (the in-memory engine forgets them when the
 * application stops) a new instance, for each {@link ResumableProcess}: one sweep shortly after start-up, then again
 * with the retry interval ({@code lending.processes.resume-retry-interval}, 5 s) while a case is left that the engine
 * refused. Each case is resumed in one transaction that holds its row lock: the process plans where it resumes, the
 * user task rows of the lost instance are closed, the new instance is created and recorded. Logs one line per resumed
 * case and one summary per process; counts {@code lending.processes.resumed} tagged {@code process} and
 * {@code state}.
 */
@Component
public class ProcessResumer {

    /** Closes the user task rows of a lost instance; the new instance opens its own. */
    public static final String ENGINE_RESTARTED = "engine-restarted";
    static final int BATCH_SIZE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ProcessResumer.class);

    private final List<ResumableProcess> processes;
    private final EngineGeneration generation;
    private final CamundaClient client;
    private final TransactionTemplate tx;
    private final UserTaskInbox inbox;
    private final MeterRegistry meters;
    /** Processes a sweep is due for: all at start-up, then those with a case left to retry. */
    private final Set<String> due = ConcurrentHashMap.newKeySet();

    public ProcessResumer(List<ResumableProcess> processes, EngineGeneration generation, CamundaClient client,
            TransactionTemplate tx, UserTaskInbox inbox, ObjectProvider<MeterRegistry> meters) {
        this.processes = List.copyOf(processes);
        this.generation = generation;
        this.client = client;
        this.tx = tx;
        this.inbox = inbox;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.processes.forEach(p -> due.add(p.processId()));
    }

    /**
     * Resumes every lost case of this process, in batches; stops early when a whole batch fails (the engine is not
     * reachable yet).
     *
     * @return how many cases were resumed, by the state they resumed from
     */
    public Map<String, Integer> resumeLost(String processId) {
        var process = processes.stream().filter(p -> p.processId().equals(processId)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("No resumable process " + processId));
        return resumeLost(process);
    }

    Map<String, Integer> resumeLost(ResumableProcess process) {
        var resumed = new TreeMap<String, Integer>();
        Set<String> tried = new HashSet<>();
        int failed = 0;
        while (true) {
            var batch = process.findLost(generation, BATCH_SIZE).stream().filter(tried::add).toList();
            int before = failed;
            for (String key : batch) {
                try (var mdc = MDC.putCloseable("businessKey", key)) {
                    resume(process, key).ifPresent(state -> {
                        resumed.merge(state, 1, Integer::sum);
                        counter(process.processId(), state).increment();
                    });
                } catch (RuntimeException e) {
                    failed++;
                    LOG.warn("{} {} lost its process instance and could not be resumed yet ({}); it will be retried",
                            capitalized(process.caseName()), key, e.toString());
                }
            }
            if (batch.isEmpty() || failed - before == batch.size()) {
                break;
            }
        }
        if (failed > 0) {
            due.add(process.processId());
        } else {
            due.remove(process.processId());
        }
        if (!resumed.isEmpty() || failed > 0) {
            LOG.warn("Resumed {} open {}s whose process instance was lost with the previous engine ({}), by state {}; "
                            + "{} to retry (engine generation {})", resumed.values().stream().mapToInt(Integer::intValue).sum(),
                    process.caseName(), process.processId(), resumed, failed, generation.current());
        }
        return resumed;
    }

    /**
     * Resumes one case if its instance is lost.
     *
     * @return the state it resumed from; empty when its instance is not lost or nothing is left to run
     */
    Optional<String> resume(ResumableProcess process, String key) {
        return tx.execute(status -> {
            var plan = process.plan(key, generation);
            if (plan.isEmpty()) {
                return Optional.<String>empty();
            }
            var point = plan.get().point();
            // a user task of the lost instance can no longer be completed; the new instance opens its own
            inbox.closeAll(process.processId(), key, ENGINE_RESTARTED);
            long instance = point.startIn(client, process.processId());
            process.resumed(key, instance, generation);
            LOG.info("{} {} ({}) resumed before {} in process instance {}; instance {} was lost with its engine",
                    capitalized(process.caseName()), key, plan.get().state(), point.elementId(), instance,
                    plan.get().lostInstance());
            return Optional.of(plan.get().state());
        });
    }

    private Counter counter(String processId, String state) {
        return Counter.builder("lending.processes.resumed")
                .description("Open cases resumed in a new process instance after the engine lost theirs")
                .tag("process", processId)
                .tag("state", state)
                .register(meters);
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** Sweeps each process whose last sweep left a case to retry (all of them at start-up). */
    void resumeWhileDue() {
        for (var process : processes) {
            if (due.contains(process.processId())) {
                resumeLost(process);
            }
        }
    }
}
