package io.bankofthings.lending.loan;

import io.bankofthings.lending.processes.LoanProcess;
import io.bankofthings.lending.resume.ResumePoint;
import java.time.Instant;
import java.util.HashMap;
import java.util.Optional;

/**
 * Where an open loan whose process instance was lost (the in-memory engine restarted) starts again, read from its
 * durable status: the element to start before and the variables, rebuilt from PostgreSQL with the names the process
 * uses. Every step the new instance runs again is idempotent, so a step that had already happened changes nothing:
 *
 * <ul>
 *   <li>SUBMITTED: the identity check; IDENTITY_VERIFIED: the collateral registration;
 *   <li>COLLATERAL_REGISTERED, SCORED: the valuation (the DMN tables and the score are computed again, the score
 *       overwritten);
 *   <li>REFERRED: the underwriter review again, its SLA timer set to what is left of the SLA since the referral;
 *   <li>APPROVED: the offer; OFFERED: the wait for the borrower's answer, its expiry timer set to what is left until
 *       the offer's stored deadline (an offer past it expires at once);
 *   <li>ACCEPTED: the lien filing (a filed lien is found and kept); LIEN_REGISTERED and DISBURSED: the disbursement
 *       (posted once by its ledger key {@code loan-disbursement:<loanId>}, the schedule and the monitoring enrolment
 *       kept), then the wait for the repayment;
 *   <li>REPAID: the lien release; LIEN_RELEASED: the closing.
 * </ul>
 * Final loans (REJECTED, DECLINED, EXPIRED, CLOSED) resume nowhere.
 */
public final class LoanResumePlan {

    private LoanResumePlan() {}

    /** The element a loan in this status resumes before; empty for a final status. */
    public static Optional<String> elementFor(LoanStatus status) {
        return Optional.ofNullable(switch (status) {
            case SUBMITTED -> LoanProcess.ELEMENT_CHECK_IDENTITY;
            case IDENTITY_VERIFIED -> LoanProcess.ELEMENT_REGISTER_COLLATERAL;
            case COLLATERAL_REGISTERED, SCORED -> LoanProcess.ELEMENT_VALUE_COLLATERAL;
            case REFERRED -> LoanProcess.ELEMENT_UNDERWRITER_REVIEW;
            case APPROVED -> LoanProcess.ELEMENT_MAKE_OFFER;
            case OFFERED -> LoanProcess.ELEMENT_OFFER_GATEWAY;
            case ACCEPTED -> LoanProcess.ELEMENT_REGISTER_LIEN;
            case LIEN_REGISTERED, DISBURSED -> LoanProcess.ELEMENT_DISBURSE;
            case REPAID -> LoanProcess.ELEMENT_RELEASE_LIEN;
            case LIEN_RELEASED -> LoanProcess.ELEMENT_CLOSE_LOAN;
            case REJECTED, DECLINED, EXPIRED, CLOSED -> null;
        });
    }

    /**
     * Where this loan resumes and with which variables.
     *
     * @param now        the current time, for what is left of the offer validity and the review SLA
     * @param referredAt when a REFERRED application was referred (null if unknown: the whole SLA then)
     * @return empty for a final loan
     */
    public static Optional<ResumePoint> resumePoint(LoanApplication loan, LoanSettings settings, Instant now,
            Instant referredAt) {
        return elementFor(loan.status()).map(element -> {
            var variables = new HashMap<>(LoanProcessStarter.variables(loan, settings));
            switch (loan.status()) {
                case REFERRED -> {
                    if (loan.maxLoanMinor() != null) {
                        variables.put("maxLoanMinor", loan.maxLoanMinor());
                    }
                    if (referredAt != null) {
                        variables.put("reviewSla", ResumePoint.timeLeft(referredAt.plus(settings.reviewSla()), now).toString());
                    }
                }
                case OFFERED -> {
                    if (loan.offerExpiresAt() != null) {
                        variables.put("offerValidity", ResumePoint.timeLeft(loan.offerExpiresAt(), now).toString());
                    }
                }
                case REPAID, LIEN_RELEASED ->
                        variables.put("closure", loan.closureReason() == null ? "REPAID" : loan.closureReason());
                default -> {
                    // the start variables are all the later steps read
                }
            }
            return new ResumePoint(element, variables);
        });
    }
}
