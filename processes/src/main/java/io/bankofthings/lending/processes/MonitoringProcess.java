package io.bankofthings.lending.processes;

/**
 * Ids of the post-loan-monitoring process (one short instance per collateral alert), its response decision, its
 * messages and job types; the model files carry the same ids.
 */
public final class MonitoringProcess {

    /** Process id, equal to the file name {@code models/post-loan-monitoring.bpmn}. */
    public static final String PROCESS_ID = "post-loan-monitoring";

    /** Decision id of {@code models/alert-response.dmn}. */
    public static final String DECISION_ID = "alert-response";

    /** Starts one instance per alert; message id and correlation key are the alertId. */
    public static final String MESSAGE_ALERT = "collateral-alert";
    /** The alert's condition ended (e.g. the machine is back on its site): clears an open investigation. By alertId. */
    public static final String MESSAGE_CONDITION_RESOLVED = "collateral-alert-resolved";
    /** The borrower restored the cover a margin call asked for. By alertId. */
    public static final String MESSAGE_MARGIN_CALL_MET = "margin-call-met";
    /** The loan was repaid or written off: ends every open alert instance of the loan. By loanId. */
    public static final String MESSAGE_LOAN_CLOSED = "loan-monitoring-closed";

    public static final String JOB_RECORD_RESPONSE = "monitoring-record-response";
    public static final String JOB_NOTIFY_BORROWER = "monitoring-notify-borrower";
    public static final String JOB_FREEZE_CREDIT_LINE = "monitoring-freeze-credit-line";
    public static final String JOB_CONFIRM_ALERT = "monitoring-confirm-alert";
    public static final String JOB_ISSUE_MARGIN_CALL = "monitoring-issue-margin-call";
    public static final String JOB_CLEAR_ALERT = "monitoring-clear-alert";
    public static final String JOB_HAND_OVER_TO_COLLECTIONS = "monitoring-hand-over-to-collections";
    public static final String JOB_CLOSE_ALERT = "monitoring-close-alert";

    /** Job type of every job-based user task (a {@code bpmn:userTask} without {@code zeebe:userTask}). */
    public static final String JOB_USER_TASK = "io.camunda.zeebe:userTask";

    public static final String ELEMENT_ALERT_RAISED = "AlertRaisedStartEvent";
    public static final String ELEMENT_DECIDE = "DecideAlertResponseTask";
    public static final String ELEMENT_RECORD_RESPONSE = "RecordResponseTask";
    public static final String ELEMENT_NOTIFY_GATEWAY = "NotifyNeededGateway";
    public static final String ELEMENT_NOTIFY_BORROWER = "NotifyBorrowerTask";
    public static final String ELEMENT_FREEZE = "FreezeCreditLineTask";
    public static final String ELEMENT_BORROWER_WARNED_END = "BorrowerWarnedEndEvent";
    public static final String ELEMENT_INVESTIGATE = "InvestigateAlertTask";
    public static final String ELEMENT_CONDITION_RESOLVED = "ConditionResolvedBoundaryEvent";
    public static final String ELEMENT_CONFIRM = "ConfirmAlertTask";
    public static final String ELEMENT_MARGIN_CALL = "IssueMarginCallTask";
    public static final String ELEMENT_AWAIT_MARGIN_CALL = "AwaitMarginCallGateway";
    public static final String ELEMENT_MARGIN_CALL_MET = "MarginCallMetEvent";
    public static final String ELEMENT_MARGIN_CALL_DEADLINE = "MarginCallDeadlineEvent";
    public static final String ELEMENT_CLEAR = "ClearAlertTask";
    public static final String ELEMENT_CLEARED_END = "AlertClearedEndEvent";
    public static final String ELEMENT_COLLECTIONS = "HandOverToCollectionsTask";
    public static final String ELEMENT_COLLECTIONS_END = "HandedOverEndEvent";
    public static final String ELEMENT_LOAN_CLOSED_START = "LoanClosedStartEvent";
    public static final String ELEMENT_CLOSE_ALERT = "CloseAlertTask";
    public static final String ELEMENT_ALERT_CLOSED_END = "AlertClosedEndEvent";

    /** Investigation outcomes, in {@code investigation.outcome}. */
    public static final String OUTCOME_CLEAR = "CLEAR";
    public static final String OUTCOME_CONFIRM = "CONFIRM";

    private MonitoringProcess() {}
}
