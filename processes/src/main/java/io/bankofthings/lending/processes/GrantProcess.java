package io.bankofthings.lending.processes;

/**
 * Ids of the authorization-grant process (the life of a grant a thing's owner gives it), its risk decision, its
 * messages and job types; the model files carry the same ids.
 */
public final class GrantProcess {

    /** Process id, equal to the file name {@code models/authorization-grant.bpmn}. */
    public static final String PROCESS_ID = "authorization-grant";

    /** Decision id of {@code models/grant-risk.dmn}. */
    public static final String DECISION_ID = "grant-risk";

    /** Owner revokes the grant: interrupts the process wherever it is. Correlated by {@code grantId}. */
    public static final String MESSAGE_REVOKED = "grant-revoked";
    /** Owner changed the limits: the active grant goes back through risk assessment (re-authorization). */
    public static final String MESSAGE_LIMITS_CHANGED = "grant-limits-changed";
    /** A risk warning that suspends the active grant. */
    public static final String MESSAGE_RISK_WARNING = "grant-risk-warning";
    /** Owner lifts a suspension. */
    public static final String MESSAGE_RESUMED = "grant-resumed";

    public static final String JOB_RECORD_ASSESSMENT = "grant-record-assessment";
    public static final String JOB_ACTIVATE = "grant-activate";
    public static final String JOB_REJECT = "grant-reject";
    public static final String JOB_SUSPEND = "grant-suspend";
    public static final String JOB_RESUME = "grant-resume";
    public static final String JOB_EXPIRE = "grant-expire";
    public static final String JOB_REVOKE = "grant-revoke";

    /** Job type of every job-based user task (a {@code bpmn:userTask} without {@code zeebe:userTask}). */
    public static final String JOB_USER_TASK = "io.camunda.zeebe:userTask";

    public static final String ELEMENT_ASSESS_RISK = "AssessGrantRiskTask";
    public static final String ELEMENT_RECORD_ASSESSMENT = "RecordRiskAssessmentTask";
    public static final String ELEMENT_CONFIRM = "ConfirmGrantTask";
    public static final String ELEMENT_CONFIRMATION_EXPIRED = "ConfirmationExpiredBoundaryEvent";
    public static final String ELEMENT_ACTIVATE = "ActivateGrantTask";
    public static final String ELEMENT_REJECT = "RejectGrantTask";
    public static final String ELEMENT_REJECTED_END = "GrantRejectedEndEvent";
    public static final String ELEMENT_ACTIVE = "GrantActiveSubProcess";
    public static final String ELEMENT_AWAIT_EVENT = "AwaitGrantEventGateway";
    public static final String ELEMENT_SUSPEND = "SuspendGrantTask";
    public static final String ELEMENT_AWAIT_RESUMPTION = "AwaitResumptionGateway";
    public static final String ELEMENT_RESUME = "ResumeGrantTask";
    public static final String ELEMENT_LIMITS_CHANGED_END = "LimitsChangedEndEvent";
    public static final String ELEMENT_EXPIRED_BOUNDARY = "GrantExpiredBoundaryEvent";
    public static final String ELEMENT_EXPIRE = "ExpireGrantTask";
    public static final String ELEMENT_EXPIRED_END = "GrantExpiredEndEvent";
    public static final String ELEMENT_REVOKED_START = "GrantRevokedStartEvent";
    public static final String ELEMENT_REVOKE = "RecordRevocationTask";
    public static final String ELEMENT_REVOKED_END = "GrantRevokedEndEvent";

    private GrantProcess() {}
}
