package io.bankofthings.lending.web.underwriting;

import io.bankofthings.lending.loan.FieldError;
import io.bankofthings.lending.loan.LoanApplication;
import io.bankofthings.lending.loan.LoanApplicationNotFoundException;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.processes.LoanProcess;
import io.bankofthings.lending.web.audit.AuditEvent;
import io.bankofthings.lending.web.audit.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The queue of referred applications and the underwriter's decision on one of them: the review task is completed
 * with {@code decision = {outcome, reason}} and {@code decidedBy}, and the process records the decision and
 * disburses or ends. Every decision, done or refused, is audited.
 */
@Service
public class UnderwritingService {

    static final Set<String> OUTCOMES = Set.of("APPROVE", "REJECT");
    static final String SUBJECT = "LOAN";
    /** How long a decision waits for the review task to open right after the application was referred. */
    static final Duration TASK_WAIT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(UnderwritingService.class);

    private final LoanApplications applications;
    private final ReviewTaskJobs tasks;
    private final AuditLog audit;

    UnderwritingService(LoanApplications applications, ReviewTaskJobs tasks, AuditLog audit) {
        this.applications = applications;
        this.tasks = tasks;
        this.audit = audit;
    }

    /** Referred applications, oldest first. */
    public List<LoanApplication> queue() {
        return applications.findByStatus(LoanStatus.REFERRED);
    }

    public LoanApplication application(String loanId) {
        return applications.find(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
    }

    /** Field errors of a decision; empty when it is complete. */
    public static List<FieldError> validate(UnderwriterDecision decision) {
        var errors = new ArrayList<FieldError>();
        if (decision.outcome() == null || !OUTCOMES.contains(decision.outcome())) {
            errors.add(new FieldError("outcome", "must be APPROVE or REJECT, was " + decision.outcome()));
        }
        String reason = decision.reason() == null ? "" : decision.reason().strip();
        if (reason.length() < 3 || reason.length() > 500) {
            errors.add(new FieldError("reason", "must be 3 to 500 characters, was " + reason.length()));
        }
        return errors;
    }

    public LoanApplication decide(String loanId, UnderwriterDecision decision, String underwriter) {
        var errors = validate(decision);
        if (!errors.isEmpty()) {
            throw new InvalidDecisionException(errors);
        }
        var application = application(loanId);
        if (application.status() != LoanStatus.REFERRED || application.processInstanceKey() == null) {
            refuse(application, underwriter, decision, "the application is " + application.status());
            throw new TaskNotOpenException("Application " + loanId + " is " + application.status()
                    + ", not waiting for an underwriter");
        }
        Map<String, Object> variables = Map.of(
                "decision", Map.of("outcome", decision.outcome(), "reason", decision.reason().strip()),
                "decidedBy", underwriter);
        Instant deadline = Instant.now().plus(TASK_WAIT);
        while (true) {
            var completed = tasks.complete(loanId, application.processInstanceKey(), LoanProcess.ELEMENT_UNDERWRITER_REVIEW,
                    variables, underwriter);
            if (completed.isPresent()) {
                var detail = new LinkedHashMap<String, Object>();
                detail.put("outcome", decision.outcome());
                detail.put("reason", decision.reason().strip());
                detail.put("candidateGroups", completed.get());
                audit.record(underwriter, "UNDERWRITER_DECISION", SUBJECT, loanId, application.processInstanceKey(),
                        AuditEvent.DONE, detail);
                LOG.info("Loan {} decided {} by underwriter {}", loanId, decision.outcome(), underwriter);
                return application;
            }
            if (Instant.now().isAfter(deadline)) {
                refuse(application, underwriter, decision, "no open review task");
                throw new TaskNotOpenException("Application " + loanId + " has no open review task: another underwriter "
                        + "may be deciding it right now; reload the queue");
            }
            sleep();
        }
    }

    private void refuse(LoanApplication application, String underwriter, UnderwriterDecision decision, String why) {
        audit.record(underwriter, "UNDERWRITER_DECISION", SUBJECT, application.loanId(), application.processInstanceKey(),
                AuditEvent.REFUSED, Map.of("outcome", decision.outcome(), "reason", why));
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the review task", e);
        }
    }
}
