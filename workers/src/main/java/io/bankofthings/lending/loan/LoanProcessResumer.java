package io.bankofthings.lending.loan;

import io.bankofthings.lending.processes.LoanProcess;
import io.bankofthings.lending.resume.EngineGeneration;
import io.bankofthings.lending.resume.ProcessResumer;
import io.bankofthings.lending.resume.ResumableProcess;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where an open loan whose process instance was lost with its engine (the in-memory engine forgets them when the
 * application stops) starts again: where its durable status says it was ({@link LoanResumePlan}). The new instance
 * key and engine generation are recorded on the row, which stays locked meanwhile; the sweep, its retries and the
 * instance creation are {@link ProcessResumer}'s.
 */
@Component
public class LoanProcessResumer implements ResumableProcess {

    private final LoanApplications applications;
    private final LoanSettings settings;
    private final Clock clock;

    public LoanProcessResumer(LoanApplications applications, LoanSettings settings, Clock clock) {
        this.applications = applications;
        this.settings = settings;
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
    public List<String> findLost(EngineGeneration generation, int limit) {
        return applications.findLostInstances(generation, limit);
    }

    /** Empty when the loan's instance is not lost or the loan is final. */
    @Override
    public Optional<Resumption> plan(String loanId, EngineGeneration generation) {
        var loan = applications.findForUpdate(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
        if (loan.processInstanceKey() == null || !generation.lost(applications.processGeneration(loanId).orElse(null))) {
            return Optional.empty();
        }
        return LoanResumePlan.resumePoint(loan, settings, clock.instant(), referredAt(loanId))
                .map(point -> new Resumption(loan.status().name(), point, loan.processInstanceKey()));
    }

    @Override
    public void resumed(String loanId, long processInstanceKey, EngineGeneration generation) {
        applications.setProcessInstanceKey(loanId, processInstanceKey, generation.current());
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
