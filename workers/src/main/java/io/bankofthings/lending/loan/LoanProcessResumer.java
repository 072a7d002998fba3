package io.bankofthings.lending.loan;

import io.bankofthings.lending.processes.LoanProcess;
import io.bankofthings.lending.resume.EngineGeneration;
import io.bankofthings.lending.resume.ProcessResumer;
import io.bankofthings.lending.resume.ResumableProcess;
import io.bankofthings.lending.task.UserTaskInbox;
import io.camunda.client.CamundaClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives an open loan whose process instance was lost with its engine (the in-memory engine forgets them when the
 * application stops) a new instance, started where its durable status says it was ({@link LoanResumePlan}), and
 * records the new instance key and engine generation on the row. The row stays locked while the instance is created
 * and the generation is checked again under the lock, so a loan is resumed once even by several replicas. The sweep
 * after start-up and its retries are {@link ProcessResumer}'s.
 */
@Component
public class LoanProcessResumer implements ResumableProcess {

    private static final Logger LOG = LoggerFactory.getLogger(LoanProcessResumer.class);

    private final CamundaClient client;
    private final LoanApplications applications;
    private final TransactionTemplate tx;
    private final LoanSettings settings;
    private final EngineGeneration generation;
    private final UserTaskInbox inbox;
    private final Clock clock;

    public LoanProcessResumer(CamundaClient client, LoanApplications applications, TransactionTemplate tx,
            LoanSettings settings, EngineGeneration generation, UserTaskInbox inbox, Clock clock) {
        this.client = client;
        this.applications = applications;
        this.tx = tx;
        this.settings = settings;
        this.generation = generation;
        this.inbox = inbox;
        this.clock = clock;
    }

    @Override
    public String processId() {
        return LoanProcess.PROCESS_ID;
    }

    @Override
    public String caseName() {
        return "loan";
    }

    @Override
    public List<String> findLost(EngineGeneration current, int limit) {
        return applications.findLostInstances(current, limit);
    }

    /**
     * Resumes one loan if its instance is lost.
     *
     * @return the status it resumed from; empty when its instance is not lost or the loan is final
     */
    @Override
    public Optional<String> resume(String loanId) {
        return tx.execute(status -> {
            var loan = applications.findForUpdate(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
            if (loan.processInstanceKey() == null || !generation.lost(applications.processGeneration(loanId).orElse(null))) {
                return Optional.<String>empty();
            }
            var point = LoanResumePlan.resumePoint(loan, settings, clock.instant(), referredAt(loanId));
            if (point.isEmpty()) {
                return Optional.<String>empty();
            }
            // the review task of the lost instance can no longer be completed; the new instance opens its own
            inbox.closeAll(LoanProcess.PROCESS_ID, loanId, ProcessResumer.ENGINE_RESTARTED);
            long instance = point.get().startIn(client, LoanProcess.PROCESS_ID);
            applications.setProcessInstanceKey(loanId, instance, generation.current());
            LOG.info("Loan {} ({}) resumed before {} in process instance {}; instance {} was lost with its engine",
                    loanId, loan.status(), point.get().elementId(), instance, loan.processInstanceKey());
            return Optional.of(loan.status().name());
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
}
