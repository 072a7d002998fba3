package io.bankofthings.lending.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.loan.CollateralItem;
import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.LoanApplication;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.support.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoringServiceTests {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private static LoanApplication application(long amountMinor, int termMonths, String... deviceIds) {
        var collateral = java.util.Arrays.stream(deviceIds)
                .map(d -> new CollateralItem("C-" + d, CollateralKind.EQUIPMENT, "machine", 10_000_000, d))
                .toList();
        return new LoanApplication("L-score", "new-borrower", "nb", amountMinor, "EUR", termMonths, null,
                LoanStatus.SUBMITTED, null, null, null, null, null, null, NOW, NOW, collateral);
    }

    private static ScoringService scoring(Map<String, DeviceActivity> activity) {
        CollateralTelemetry telemetry = (deviceId, window) -> activity.getOrDefault(deviceId, DeviceActivity.none());
        return new ScoringService(TestDatabase.jdbc(), telemetry, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void newBorrowerWithSilentDeviceScoresNeutralAndExplainsEachFactor() {
        var score = scoring(Map.of()).score(application(1_000_000, 24, "dev-a"));

        assertThat(score.factors()).containsExactly(
                Map.entry(CreditScore.SUBJECT, 350), Map.entry(CreditScore.TRANSACTION, 150), Map.entry(CreditScore.ENTITY, 150));
        assertThat(score.total()).isEqualTo(650);
    }

    @Test
    void recentlyReportingDeviceRaisesEntityCreditAndTamperingZeroesIt() {
        var fresh = new DeviceActivity(500, NOW.minusSeconds(600), false);
        var stale = new DeviceActivity(20, NOW.minusSeconds(5 * 86_400), false);
        var tampered = new DeviceActivity(100, NOW.minusSeconds(60), true);

        assertThat(scoring(Map.of("a", fresh)).score(application(1_000_000, 24, "a")).factors())
                .containsEntry(CreditScore.ENTITY, 300);
        assertThat(scoring(Map.of("a", stale)).score(application(1_000_000, 24, "a")).factors())
                .containsEntry(CreditScore.ENTITY, 200);
        assertThat(scoring(Map.of("a", fresh, "b", tampered)).score(application(1_000_000, 24, "a", "b")).factors())
                .as("the weakest device counts")
                .containsEntry(CreditScore.ENTITY, 0);
    }

    @Test
    void largeLongLoansLoseSubjectCredit() {
        var score = scoring(Map.of()).score(application(ScoringService.LARGE_LOAN_MINOR + 1, 84, "dev-b"));

        assertThat(score.factors()).containsEntry(CreditScore.SUBJECT, 200);
        assertThat(score.total()).isEqualTo(500);
    }
}
