package io.bankofthings.lending.processes;

/** Ids of the chattel-mortgage-loan process, its decisions, messages, errors and job types; the model files carry the same ids. */
public final class LoanProcess {

    /** Process id, equal to the file name {@code models/chattel-mortgage-loan.bpmn}. */
    public static final String PROCESS_ID = "chattel-mortgage-loan";

    /** Decision id of {@code models/loan-decision.dmn}. */
    public static final String DECISION_ID = "loan-decision";

    /** Decision id of {@code models/collateral-valuation.dmn}: haircut and LTV cap per collateral kind. */
    public static final String VALUATION_DECISION_ID = "collateral-valuation";

    public static final String JOB_CHECK_IDENTITY = "check-identity";
    public static final String JOB_REGISTER_COLLATERAL = "register-collateral";
    public static final String JOB_SCORE_APPLICANT = "score-applicant";
    public static final String JOB_RECORD_DECISION = "record-decision";
    public static final String JOB_ESCALATE_REVIEW = "escalate-review";
    public static final String JOB_MAKE_OFFER = "make-offer";
    public static final String JOB_RECORD_OFFER_ANSWER = "record-offer-answer";
    public static final String JOB_EXPIRE_OFFER = "expire-offer";
    public static final String JOB_REGISTER_LIEN = "register-lien";
    public static final String JOB_DISBURSE_LOAN = "disburse-loan";
    public static final String JOB_RELEASE_LIEN = "release-lien";
    public static final String JOB_CLOSE_LOAN = "close-loan";

    /** Job type of every job-based user task (a {@code bpmn:userTask} without {@code zeebe:userTask}). */
    public static final String JOB_USER_TASK = "io.camunda.zeebe:userTask";

    /** BPMN error thrown by {@link #JOB_CHECK_IDENTITY} when the applicant fails the identity check. */
    public static final String ERROR_IDENTITY_REJECTED = "IDENTITY_REJECTED";
    /** BPMN error thrown by {@link #JOB_REGISTER_COLLATERAL} when a device or the lien search refuses the collateral. */
    public static final String ERROR_COLLATERAL_REFUSED = "COLLATERAL_REFUSED";

    /** Message the borrower's answer to the offer publishes, correlated by {@code loanId}, with {@code offerAccepted}. */
    public static final String MESSAGE_OFFER_ANSWERED = "loan-offer-answered";
    /** Message published once a loan is fully repaid (on schedule or early), correlated by {@code loanId}. */
    public static final String MESSAGE_LOAN_REPAID = "loan-repaid";

    public static final String ELEMENT_CHECK_IDENTITY = "CheckIdentityTask";
    public static final String ELEMENT_REGISTER_COLLATERAL = "RegisterCollateralTask";
    public static final String ELEMENT_VALUE_COLLATERAL = "ValueCollateralTask";
    public static final String ELEMENT_SUM_LENDING_LIMIT = "SumLendingLimitTask";
    public static final String ELEMENT_SCORE = "ScoreApplicantTask";
    public static final String ELEMENT_DECIDE = "DecideLoanTask";
    public static final String ELEMENT_RECORD_DECISION = "RecordDecisionTask";
    public static final String ELEMENT_UNDERWRITER_REVIEW = "UnderwriterReviewTask";
    public static final String ELEMENT_REVIEW_SLA = "ReviewSlaBoundaryEvent";
    public static final String ELEMENT_ESCALATE_REVIEW = "EscalateReviewTask";
    public static final String ELEMENT_MAKE_OFFER = "MakeOfferTask";
    public static final String ELEMENT_OFFER_GATEWAY = "OfferGateway";
    public static final String ELEMENT_OFFER_ANSWERED = "OfferAnsweredEvent";
    public static final String ELEMENT_OFFER_EXPIRED_TIMER = "OfferExpiredTimerEvent";
    public static final String ELEMENT_REGISTER_LIEN = "RegisterLienTask";
    public static final String ELEMENT_DISBURSE = "DisburseLoanTask";
    public static final String ELEMENT_LOAN_REPAID = "LoanRepaidEvent";
    public static final String ELEMENT_RELEASE_LIEN = "ReleaseLienTask";
    public static final String ELEMENT_CLOSE_LOAN = "CloseLoanTask";
    public static final String ELEMENT_LOAN_CLOSED_END = "LoanClosedEndEvent";
    public static final String ELEMENT_REJECTED_END = "ApplicationRejectedEndEvent";
    public static final String ELEMENT_IDENTITY_REJECTED_END = "IdentityRejectedEndEvent";
    public static final String ELEMENT_COLLATERAL_REFUSED_END = "CollateralRefusedEndEvent";
    public static final String ELEMENT_OFFER_DECLINED_END = "OfferDeclinedEndEvent";
    public static final String ELEMENT_OFFER_EXPIRED_END = "OfferExpiredEndEvent";
    public static final String ELEMENT_REVIEW_ESCALATED_END = "ReviewEscalatedEndEvent";

    /** Classpath pattern that deploys every model of the platform. */
    public static final String MODEL_RESOURCES = "classpath*:/models/*.*";

    private LoanProcess() {}
}
