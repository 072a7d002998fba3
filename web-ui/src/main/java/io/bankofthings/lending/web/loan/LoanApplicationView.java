package io.bankofthings.lending.web.loan;

import io.bankofthings.lending.loan.Applicant;
import io.bankofthings.lending.loan.CollateralItem;
import io.bankofthings.lending.loan.CollateralValuation;
import io.bankofthings.lending.loan.LoanApplication;
import io.bankofthings.lending.loan.ScoreFactor;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the API shows of an application or loan: its status, decision, valuation, score factors, offer, lien and
 * closure; never internal keys, and the applicant's identity number only masked.
 */
public record LoanApplicationView(
        String loanId,
        String status,
        ApplicantView applicant,
        long amountMinor,
        String currency,
        int termMonths,
        String purpose,
        String repaymentType,
        Integer score,
        Map<String, Integer> scoreFactors,
        List<ScoreFactor> scoreExplanation,
        String decision,
        String decisionReason,
        String decidedBy,
        List<CollateralValuation> valuation,
        Long maxLoanMinor,
        Long approvedAmountMinor,
        Integer annualRateBps,
        Instant offerExpiresAt,
        Instant escalatedAt,
        String lienFilingNumber,
        String closureReason,
        Instant closedAt,
        Instant createdAt,
        Instant updatedAt,
        List<CollateralItem> collateral) {

    /** The applicant without the raw identity number. */
    public record ApplicantView(String type, String name, String identityNumber, String country) {

        static ApplicantView of(Applicant a) {
            return a == null ? null : new ApplicantView(a.type().name(), a.name(), a.maskedIdentityNumber(), a.country());
        }
    }

    static LoanApplicationView of(LoanApplication a) {
        return new LoanApplicationView(a.loanId(), a.status().name(), ApplicantView.of(a.applicant()), a.amountMinor(),
                a.currency(), a.termMonths(), a.purpose(), a.repaymentType().name(), a.score(), a.scoreFactors(),
                a.scoreExplanation(), a.decision(), a.decisionReason(), a.decidedBy(), a.valuation(), a.maxLoanMinor(),
                a.approvedAmountMinor(), a.annualRateBps(), a.offerExpiresAt(), a.escalatedAt(), a.lienFilingNumber(),
                a.closureReason(), a.closedAt(), a.createdAt(), a.updatedAt(), a.collateral());
    }
}
