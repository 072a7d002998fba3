package io.bankofthings.lending.loan;

import io.bankofthings.lending.processes.LoanProcess;
import io.bankofthings.lending.task.UserTaskInbox;
import io.camunda.client.CamundaClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives every open loan whose process instance was lost with its engine (the in-memory engine forgets them when the
 * application stops) a new instance, started where its durable status says it was ({@link LoanResumePlan}), and
 * records the new instance key and engine generation on the row. The row stays locked while the instance is created
 * and the generation is checked again under the lock, so a loan is resumed once even by several replicas. Runs
 * shortly after start-up (one sweep over the open loans) and again with the start retry while a loan is left that the
 * engine refused.
 */
@Component
public class LoanProcessResumer {

    static final int BATCH_SIZE = 100;
    static final String ENGINE_RESTARTED = "engine-restarted";
    private static final Logger LOG = LoggerFactory.getLogger(LoanProcessResumer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final CamundaClient client;
    private final LoanApplications applications;
    private final TransactionTemplate tx;
    private final LoanSettings settings;
    private final EngineGeneration generation;
    private final UserTaskInbox inbox;
    private final Clock clock;
    private final LoanMetrics metrics;
    /** Whether a sweep is due: at start-up, then until one ends without a loan left to retry. */
    private final AtomicBoolean due = new AtomicBoolean(true);

    public LoanProcessResumer(CamundaClient client, LoanApplications applications, TransactionTemplate tx,
            LoanSettings settings, EngineGeneration generation, UserTaskInbox inbox, Clock clock, LoanMetrics metrics) {
        this.client = client;
        this.applications = applications;
        this.tx = tx;
        this.settings = settings;
        this.generation = generation;
        this.inbox = inbox;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Resumes every open loan whose instance is lost, in batches; stops early when a whole batch fails (the engine is
     * not reachable yet). Logs one line per loan and one summary.
     *
     * @return how many loans were resumed, by the status they resumed from
     */
    public Map<LoanStatus, Integer> resumeLost() {
        var resumed = new EnumMap<LoanStatus, Integer>(LoanStatus.class);
        Set<String> tried = new HashSet<>();
        int failed = 0;
        while (true) {
            var batch = applications.findLostInstances(generation.current(), BATCH_SIZE).stream().filter(tried::add).toList();
            int before = failed;
            for (String loanId : batch) {
                try (var key = MDC.putCloseable("loanId", loanId)) {
                    resume(loanId).ifPresent(status -> {
                        resumed.merge(status, 1, Integer::sum);
                        metrics.resumed(status);
                    });
                } catch (RuntimeException e) {
                    failed++;
                    LOG.warn("Loan {} lost its process instance and could not be resumed yet ({}); it will be retried",
                            loanId, e.toString());
                }
            }
            if (batch.isEmpty() || failed - before == batch.size()) {
                break;
            }
        }
        due.set(failed > 0);
        if (!resumed.isEmpty() || failed > 0) {
            LOG.warn("Resumed {} open loans whose process instance was lost with the previous engine, by status {}; "
                    + "{} to retry (engine generation {})", resumed.values().stream().mapToInt(Integer::intValue).sum(),
                    resumed, failed, generation.current());
        }
        return resumed;
    }

    /**
     * Resumes one loan if its instance is lost.
     *
     * @return the status it resumed from; empty when its instance is not lost or the loan is final
     */
    Optional<LoanStatus> resume(String loanId) {
        return tx.execute(status -> {
            var loan = applications.findForUpdate(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
            if (loan.processInstanceKey() == null || !generation.lost(applications.processGeneration(loanId).orElse(null))) {
                return Optional.<LoanStatus>empty();
            }
            var point = LoanResumePlan.resumePoint(loan, settings, clock.instant(), referredAt(loanId));
            if (point.isEmpty()) {
                return Optional.<LoanStatus>empty();
            }
            // the review task of the lost instance can no longer be completed; the new instance opens its own
            inbox.closeAll(LoanProcess.PROCESS_ID, loanId, ENGINE_RESTARTED);
            var instance = client.newCreateInstanceCommand()
                    .bpmnProcessId(LoanProcess.PROCESS_ID)
                    .latestVersion()
                    .variables(point.get().variables())
                    .startBeforeElement(point.get().elementId())
                    .requestTimeout(START_TIMEOUT)
                    .send()
                    .join();
            applications.setProcessInstanceKey(loanId, instance.getProcessInstanceKey(), generation.current());
            LOG.info("Loan {} ({}) resumed before {} in process instance {}; instance {} was lost with its engine",
                    loanId, loan.status(), point.get().elementId(), instance.getProcessInstanceKey(),
                    loan.processInstanceKey());
            return Optional.of(loan.status());
        });
    }

    /** When a REFERRED application was referred: the first REFERRED entry after the last entry of another status. */
    private Instant referredAt(String loanId) {
        Instant referred = null;
        for (var change : applications.history(loanId)) {
            if (change.status() != LoanStatus.REFERRED) {
                referred = null;
            } else if (referred == null) {
                referred = change.at();
            }
        }
        return referred;
    }

    /** Resumes the lost instances while a sweep is due; run by {@link LoanSchedules} on workers replicas. */
    void resumeWhileDue() {
        if (due.get()) {
            resumeLost();
        }
    }
}
