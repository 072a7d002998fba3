package io.bankofthings.lending.processes;

/** Ids of the chattel-mortgage-loan process, its decision and its job types; the model files carry the same ids. */
public final class LoanProcess {

    /** Process id, equal to the file name {@code models/chattel-mortgage-loan.bpmn}. */
    public static final String PROCESS_ID = "chattel-mortgage-loan";

    /** Decision id of {@code models/loan-decision.dmn}. */
    public static final String DECISION_ID = "loan-decision";

    public static final String JOB_SCORE_APPLICANT = "score-applicant";
    public static final String JOB_RECORD_DECISION = "record-decision";
    public static final String JOB_DISBURSE_LOAN = "disburse-loan";

    /** Job type of every job-based user task (a {@code bpmn:userTask} without {@code zeebe:userTask}). */
    public static final String JOB_USER_TASK = "io.camunda.zeebe:userTask";

    public static final String ELEMENT_SCORE = "ScoreApplicantTask";
    public static final String ELEMENT_DECIDE = "DecideLoanTask";
    public static final String ELEMENT_RECORD_DECISION = "RecordDecisionTask";
    public static final String ELEMENT_DISBURSE = "DisburseLoanTask";
    public static final String ELEMENT_UNDERWRITER_REVIEW = "UnderwriterReviewTask";
    public static final String ELEMENT_DISBURSED_END = "LoanDisbursedEndEvent";
    public static final String ELEMENT_REJECTED_END = "ApplicationRejectedEndEvent";

    /** Classpath pattern that deploys every model of the platform. */
    public static final String MODEL_RESOURCES = "classpath*:/models/*.*";

    private LoanProcess() {}
}
