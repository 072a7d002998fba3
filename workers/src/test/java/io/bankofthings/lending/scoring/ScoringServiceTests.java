package io.bankofthings.lending.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.loan.Applicant;
import io.bankofthings.lending.loan.ApplicantType;
import io.bankofthings.lending.loan.BoundDevice;
import io.bankofthings.lending.loan.CollateralItem;
import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.CollateralSite;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.LoanApplication;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.loan.RepaymentType;
import io.bankofthings.lending.support.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringServiceTests {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final CollateralSite SITE = new CollateralSite("Hafenstrasse 5, Hamburg", 53.54, 9.98, 200);

    static Applicant person(LocalDate born) {
        return new Applicant(ApplicantType.NATURAL_PERSON, "Nina New", born, "X1234567", null, null, "DE");
    }

    private static LoanApplication application(Applicant applicant, long amountMinor, int termMonths, String... deviceIds) {
        var collateral = java.util.Arrays.stream(deviceIds)
                .map(d -> new CollateralItem("C-" + d, CollateralKind.EQUIPMENT, "machine", "SN-" + d, 10_000_000, SITE,
                        List.of(new BoundDevice(d, DeviceType.EQUIPMENT_MONITOR))))
                .toList();
        return new LoanApplication("L-score", "new-borrower", "nb", applicant, amountMinor, "EUR", termMonths, null,
                RepaymentType.ANNUITY, LoanStatus.COLLATERAL_REGISTERED, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, NOW, NOW, collateral);
    }

    private static LoanApplication application(long amountMinor, int termMonths, String... deviceIds) {
        return application(person(LocalDate.of(1980, 1, 1)), amountMinor, termMonths, deviceIds);
    }

    /** One reading an hour for the last 7 days; {@code running} of them with power on, {@code inside} inside the site. */
    static List<DeviceSample> hourly(double running, double inside) {
        var samples = new ArrayList<DeviceSample>();
        int hours = 7 * 24;
        for (int h = 0; h < hours; h++) {
            boolean in = h < inside * hours;
            samples.add(new DeviceSample(NOW.minus(Duration.ofHours(hours - h)).plusSeconds(60),
                    in ? 53.54 : 53.60, in ? 9.98 : 9.98, h < running * hours, false));
        }
        return samples;
    }

    private static ScoringService scoring(Map<String, List<DeviceSample>> samples) {
        CollateralTelemetry telemetry = (deviceId, window) -> samples.getOrDefault(deviceId, List.of());
        return new ScoringService(TestDatabase.jdbc(), telemetry, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void newBorrowerWithAHealthyMachineScoresHighAndEachFactorExplainsItself() {
        var score = scoring(Map.of("dev-a", hourly(0.5, 1.0))).score(application(1_000_000, 24, "dev-a"));

        assertThat(score.factors()).containsExactly(
                Map.entry(CreditScore.SUBJECT, 350), Map.entry(CreditScore.TRANSACTION, 150), Map.entry(CreditScore.ENTITY, 250));
        assertThat(score.total()).isEqualTo(750);
        assertThat(score.explanation()).extracting(f -> f.explanation()).containsExactly(
                "baseline 350; age 46",
                "new to the bank: no repayments on record",
                "weakest device dev-a: uptime 100%, operating 50%, inside site 100%");
        assertThat(score.explanation()).extracting(f -> f.maxPoints()).containsExactly(400, 300, 300);
    }

    @Test
    void entityCreditCountsUptimeOperatingRateAndStayingInsideTheSite() {
        var idleOutside = hourly(0.0, 0.5);
        var halfWeek = hourly(1.0, 1.0).subList(84, 168);
        var tampered = new ArrayList<>(hourly(1.0, 1.0));
        tampered.add(new DeviceSample(NOW.minusSeconds(30), 53.54, 9.98, true, true));

        assertThat(scoring(Map.of("a", idleOutside)).score(application(1_000_000, 24, "a")).factors())
                .containsEntry(CreditScore.ENTITY, 150);
        assertThat(scoring(Map.of("a", halfWeek)).score(application(1_000_000, 24, "a")).factors())
                .containsEntry(CreditScore.ENTITY, 250);
        assertThat(scoring(Map.of("a", hourly(1, 1), "b", tampered)).score(application(1_000_000, 24, "a", "b")))
                .as("the weakest device counts")
                .satisfies(s -> assertThat(s.factors()).containsEntry(CreditScore.ENTITY, 0))
                .satisfies(s -> assertThat(s.explanation().getLast().explanation()).isEqualTo("device b reported tampering"));
    }

    @Test
    void largeLongLoansAndYoungApplicantsLoseSubjectCredit() {
        var devices = Map.of("dev-b", hourly(1, 1));
        var score = scoring(devices).score(application(ScoringService.LARGE_LOAN_MINOR + 1, 84, "dev-b"));
        var young = scoring(devices).score(application(person(LocalDate.of(2005, 1, 1)), 1_000_000, 24, "dev-b"));

        assertThat(score.factors()).containsEntry(CreditScore.SUBJECT, 200);
        assertThat(young.factors()).containsEntry(CreditScore.SUBJECT, 300);
        assertThat(young.explanation().getFirst().explanation()).contains("age 21 (-50)");
    }

    @Test
    void establishedCompaniesGainSubjectCreditAndYoungOnesLoseIt() {
        var devices = Map.of("dev-c", hourly(1, 1));
        var old = new Applicant(ApplicantType.LEGAL_PERSON, "Old Mill GmbH", null, null, "HRB 12345", LocalDate.of(1990, 1, 1), "DE");
        var startup = new Applicant(ApplicantType.LEGAL_PERSON, "Fresh GmbH", null, null, "HRB 99999", LocalDate.of(2026, 1, 1), "DE");

        assertThat(scoring(devices).score(application(old, 1_000_000, 24, "dev-c")).factors()).containsEntry(CreditScore.SUBJECT, 400);
        assertThat(scoring(devices).score(application(startup, 1_000_000, 24, "dev-c")).factors()).containsEntry(CreditScore.SUBJECT, 275);
    }
}
