package io.bankofthings.lending.loan;

import io.bankofthings.lending.processes.LoanProcess;
import io.bankofthings.lending.resume.EngineGeneration;
import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts the chattel-mortgage-loan process for stored applications. The row stays locked while the instance is
 * created, so two starters never start the same application; an application stored while the engine was down is
 * started by the periodic retry. The engine generation is stored with the instance key, so an instance lost with an
 * in-memory engine is found and resumed ({@link LoanProcessResumer}).
 */
@Component
public class LoanProcessStarter {

    private static final Logger LOG = LoggerFactory.getLogger(LoanProcessStarter.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final CamundaClient client;
    private final LoanApplications applications;
    private final TransactionTemplate tx;
    private final LoanSettings settings;
    private final EngineGeneration generation;

    public LoanProcessStarter(CamundaClient client, LoanApplications applications, TransactionTemplate tx,
            LoanSettings settings, EngineGeneration generation) {
        this.client = client;
        this.applications = applications;
        this.tx = tx;
        this.settings = settings;
        this.generation = generation;
    }

    /**
     * The start variables: ids, amounts and the collateral's kind and value only (small, no identity data), and the
     * offer validity and review SLA the process's timers use.
     */
    static Map<String, Object> variables(LoanApplication application, LoanSettings settings) {
        var collateral = application.collateral().stream()
                .map(c -> Map.<String, Object>of("collateralId", c.collateralId(), "kind", c.kind().name(),
                        "declaredValueMinor", c.declaredValueMinor()))
                .toList();
        return Map.of(
                "loanId", application.loanId(),
                "amountMinor", application.amountMinor(),
                "currency", application.currency(),
                "termMonths", application.termMonths(),
                "collateral", collateral,
                "offerValidity", settings.offerValidity().toString(),
                "reviewSla", settings.reviewSla().toString());
    }

    /** Starts the process for this application unless it has one; returns the process instance key. */
    public long start(String loanId) {
        return tx.execute(status -> {
            var application = applications.findForUpdate(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
            if (application.processInstanceKey() != null) {
                return application.processInstanceKey();
            }
            var instance = client.newCreateInstanceCommand()
                    .bpmnProcessId(LoanProcess.PROCESS_ID)
                    .latestVersion()
                    .variables(variables(application, settings))
                    .requestTimeout(START_TIMEOUT)
                    .send()
                    .join();
            applications.setProcessInstanceKey(loanId, instance.getProcessInstanceKey(), generation.current());
            LOG.info("Loan {} runs in process instance {}", loanId, instance.getProcessInstanceKey());
            return instance.getProcessInstanceKey();
        });
    }

    /** Like {@link #start} but logs a failure instead of throwing: the periodic retry picks the application up. */
    public void startQuietly(String loanId) {
        try (var key = MDC.putCloseable("loanId", loanId)) {
            start(loanId);
        } catch (RuntimeException e) {
            LOG.warn("Loan {} stored but its process could not be started yet ({}); it will be retried", loanId, e.toString());
        }
    }

    /** Starts the stored applications that have no process yet; run by {@link LoanSchedules} on workers replicas. */
    void startPending() {
        for (String loanId : applications.findNotStarted(100)) {
            startQuietly(loanId);
        }
    }
}
