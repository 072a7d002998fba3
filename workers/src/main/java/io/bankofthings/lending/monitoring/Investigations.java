package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.processes.MonitoringProcess;
import io.bankofthings.lending.task.UserTaskInbox;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** What staff do with an alert: decide its investigation (clear or confirm), record that a margin call was met. */
@Service
public class Investigations {

    private static final Logger LOG = LoggerFactory.getLogger(Investigations.class);
    static final int MAX_NOTE = 500;
    static final Duration TASK_WAIT = Duration.ofSeconds(2);
    private static final Set<String> OUTCOMES = Set.of(MonitoringProcess.OUTCOME_CLEAR, MonitoringProcess.OUTCOME_CONFIRM);

    private final Alerts alerts;
    private final UserTaskInbox inbox;
    private final MonitoringAudit audit;
    private final MonitoringMessages messages;

    public Investigations(Alerts alerts, UserTaskInbox inbox, MonitoringAudit audit, MonitoringMessages messages) {
        this.alerts = alerts;
        this.inbox = inbox;
        this.audit = audit;
        this.messages = messages;
    }

    /**
     * Completes the alert's open investigation task with the outcome.
     *
     * @param outcome CLEAR or CONFIRM
     * @throws InvalidInvestigationException for another outcome or a note longer than 500 characters
     * @throws InvestigationNotOpenException when no investigation task of the alert is open
     */
    public void decide(String alertId, @Nullable String outcome, @Nullable String note, String by) {
        if (outcome == null || !OUTCOMES.contains(outcome)) {
            throw new InvalidInvestigationException("outcome", "must be CLEAR or CONFIRM");
        }
        if (note != null && note.length() > MAX_NOTE) {
            throw new InvalidInvestigationException("note", "must be at most " + MAX_NOTE + " characters");
        }
        var alert = alerts.find(alertId).orElseThrow(() -> new AlertNotFoundException(alertId));
        // the process may have just reached the task: its job reaches the inbox a moment later
        var task = inbox.awaitOpen(MonitoringProcess.PROCESS_ID, MonitoringProcess.ELEMENT_INVESTIGATE, alertId, TASK_WAIT)
                .orElseThrow(() -> new InvestigationNotOpenException(alertId, alert.status()));
        inbox.complete(task, Map.of("investigation", Map.of("outcome", outcome, "by", by, "note", note == null ? "" : note)), by);
        audit.record(by, "INVESTIGATION_DECIDED", alert.loanId(), alertId, task.processInstanceKey(),
                Map.of("outcome", outcome));
        LOG.info("Investigation of alert {} decided {} by {}", alertId, outcome, by);
    }

    /** Records that the borrower restored the cover a margin call asked for; the process clears the alert. */
    public void marginCallMet(String alertId, @Nullable String note, String by) {
        var alert = alerts.find(alertId).orElseThrow(() -> new AlertNotFoundException(alertId));
        if (!Alert.MARGIN_CALL.equals(alert.status())) {
            throw new InvestigationNotOpenException(alertId, alert.status());
        }
        messages.marginCallMet(alertId, by, note == null ? "cover restored" : note);
        audit.record(by, "MARGIN_CALL_MET", alert.loanId(), alertId, alert.processInstanceKey(), Map.of());
    }
}
