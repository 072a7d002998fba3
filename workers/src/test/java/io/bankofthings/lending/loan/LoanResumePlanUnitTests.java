package io.bankofthings.lending.loan;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.processes.LoanProcess;
import io.bankofthings.lending.resume.ResumePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoanResumePlanUnitTests {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final LoanSettings SETTINGS = LoanSettings.defaults();

    @Test
    void everyOpenStatusResumesBeforeTheStepThatComesNext() {
        var expected = Map.ofEntries(
                Map.entry(LoanStatus.SUBMITTED, LoanProcess.ELEMENT_CHECK_IDENTITY),
                Map.entry(LoanStatus.IDENTITY_VERIFIED, LoanProcess.ELEMENT_REGISTER_COLLATERAL),
                Map.entry(LoanStatus.COLLATERAL_REGISTERED, LoanProcess.ELEMENT_VALUE_COLLATERAL),
                Map.entry(LoanStatus.SCORED, LoanProcess.ELEMENT_VALUE_COLLATERAL),
                Map.entry(LoanStatus.REFERRED, LoanProcess.ELEMENT_UNDERWRITER_REVIEW),
                Map.entry(LoanStatus.APPROVED, LoanProcess.ELEMENT_MAKE_OFFER),
                Map.entry(LoanStatus.OFFERED, LoanProcess.ELEMENT_OFFER_GATEWAY),
                Map.entry(LoanStatus.ACCEPTED, LoanProcess.ELEMENT_REGISTER_LIEN),
                Map.entry(LoanStatus.LIEN_REGISTERED, LoanProcess.ELEMENT_DISBURSE),
                Map.entry(LoanStatus.DISBURSED, LoanProcess.ELEMENT_DISBURSE),
                Map.entry(LoanStatus.REPAID, LoanProcess.ELEMENT_RELEASE_LIEN),
                Map.entry(LoanStatus.LIEN_RELEASED, LoanProcess.ELEMENT_CLOSE_LOAN));
        for (LoanStatus status : EnumSet.complementOf(EnumSet.copyOf(LoanStatus.FINAL))) {
            assertThat(LoanResumePlan.elementFor(status)).as("%s", status).contains(expected.get(status));
        }
        assertThat(expected).hasSize(LoanStatus.values().length - LoanStatus.FINAL.size());
    }

    @ParameterizedTest
    @EnumSource(value = LoanStatus.class, names = {"REJECTED", "DECLINED", "EXPIRED", "CLOSED"})
    void finalLoansResumeNowhere(LoanStatus status) {
        assertThat(LoanResumePlan.elementFor(status)).isEmpty();
        assertThat(LoanResumePlan.resumePoint(loan(status, null, null, null), SETTINGS, NOW, null)).isEmpty();
    }

    @Test
    void carriesTheStartVariablesAndNoIdentityData() {
        var point = LoanResumePlan.resumePoint(loan(LoanStatus.SUBMITTED, null, null, null), SETTINGS, NOW, null).orElseThrow();

        assertThat(point.elementId()).isEqualTo(LoanProcess.ELEMENT_CHECK_IDENTITY);
        assertThat(point.variables()).containsOnlyKeys("loanId", "amountMinor", "currency", "termMonths", "collateral",
                "offerValidity", "reviewSla");
        assertThat(point.variables()).containsEntry("loanId", "L-1").containsEntry("amountMinor", 1_500_000L)
                .containsEntry("offerValidity", "PT336H").containsEntry("reviewSla", "PT24H");
        assertThat(point.variables().get("collateral")).isEqualTo(List.of(
                Map.of("collateralId", "C-1", "kind", "VEHICLE", "declaredValueMinor", 6_000_000L)));
        assertThat(point.variables().toString()).doesNotContain("T22000129").doesNotContain("Bob Builder");
    }

    @Test
    void anOfferKeepsItsOriginalDeadline() {
        var expires = NOW.plus(Duration.ofDays(3)).plusSeconds(90);

        var point = LoanResumePlan.resumePoint(loan(LoanStatus.OFFERED, expires, null, null), SETTINGS, NOW, null).orElseThrow();

        assertThat(point.elementId()).isEqualTo(LoanProcess.ELEMENT_OFFER_GATEWAY);
        assertThat(Duration.parse((String) point.variables().get("offerValidity")))
                .isEqualTo(Duration.ofDays(3).plusSeconds(90));
    }

    @Test
    void anOfferPastItsDeadlineExpiresAtOnce() {
        var point = LoanResumePlan.resumePoint(loan(LoanStatus.OFFERED, NOW.minus(Duration.ofHours(5)), null, null),
                SETTINGS, NOW, null).orElseThrow();

        assertThat(point.variables()).containsEntry("offerValidity", ResumePoint.DUE_NOW.toString());
    }

    @Test
    void aReferralKeepsWhatIsLeftOfItsSlaAndTheLendingLimit() {
        var point = LoanResumePlan.resumePoint(loan(LoanStatus.REFERRED, null, 4_000_000L, null), SETTINGS, NOW,
                NOW.minus(Duration.ofHours(20))).orElseThrow();

        assertThat(point.elementId()).isEqualTo(LoanProcess.ELEMENT_UNDERWRITER_REVIEW);
        assertThat(point.variables()).containsEntry("reviewSla", "PT4H").containsEntry("maxLoanMinor", 4_000_000L);
    }

    @Test
    void aReferralWhoseSlaPassedEscalatesAtOnce() {
        var point = LoanResumePlan.resumePoint(loan(LoanStatus.REFERRED, null, 4_000_000L, null), SETTINGS, NOW,
                NOW.minus(Duration.ofDays(2))).orElseThrow();

        assertThat(point.variables()).containsEntry("reviewSla", "PT1S");
    }

    @Test
    void aRepaidLoanClosesWithItsClosureReason() {
        var early = LoanResumePlan.resumePoint(loan(LoanStatus.REPAID, null, null, "EARLY_PAYOFF"), SETTINGS, NOW, null)
                .orElseThrow();
        var released = LoanResumePlan.resumePoint(loan(LoanStatus.LIEN_RELEASED, null, null, null), SETTINGS, NOW, null)
                .orElseThrow();

        assertThat(early.elementId()).isEqualTo(LoanProcess.ELEMENT_RELEASE_LIEN);
        assertThat(early.variables()).containsEntry("closure", "EARLY_PAYOFF");
        assertThat(released.elementId()).isEqualTo(LoanProcess.ELEMENT_CLOSE_LOAN);
        assertThat(released.variables()).containsEntry("closure", "REPAID");
    }

    private static LoanApplication loan(LoanStatus status, Instant offerExpiresAt, Long maxLoanMinor, String closureReason) {
        var applicant = new Applicant(ApplicantType.NATURAL_PERSON, "Bob Builder", java.time.LocalDate.of(1980, 5, 17),
                "T22000129", null, null, "DE");
        var collateral = List.of(new CollateralItem("C-1", CollateralKind.VEHICLE, "van", "VIN-1", 6_000_000L,
                new CollateralSite("Depot, Munich", 48.137, 11.575, 300),
                List.of(new BoundDevice("van-1", DeviceType.GPS_TRACKER))));
        return new LoanApplication("L-1", "bob-id", "bob", applicant, 1_500_000L, "EUR", 36, "van", RepaymentType.ANNUITY,
                status, null, null, null, null, null, null, null, maxLoanMinor, null, null, offerExpiresAt, null, null,
                closureReason, null, 42L, NOW, NOW, collateral);
    }
}
