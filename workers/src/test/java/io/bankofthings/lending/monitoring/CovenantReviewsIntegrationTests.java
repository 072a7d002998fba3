package io.bankofthings.lending.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.loan.LoanFixtures;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.scoring.DeviceSample;
import io.bankofthings.lending.scoring.ScoringService;
import io.bankofthings.lending.storage.TelemetryMetrics;
import io.bankofthings.lending.storage.TelemetryReading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The periodic covenant review on the real embedded PostgreSQL, with telemetry history and activity in memory. */
class CovenantReviewsIntegrationTests {

    private final MonitoringWorld world = new MonitoringWorld(MonitoringSettings.defaults());
    private final List<TelemetryReading> history = new ArrayList<>();
    private final AtomicReference<List<DeviceSample>> samples = new AtomicReference<>(List.of());
    private final ScoringService scoring =
            new ScoringService(world.jdbc, (deviceId, window) -> samples.get(), world.clock);
    private final CovenantReviews reviews = new CovenantReviews(world.watched, world.applications, scoring,
            (deviceId, from, to) -> history.stream().filter(r -> r.deviceId().equals(deviceId)).toList(),
            world.alertService, world.settings, world.jdbc, world.clock);

    private void operated(String deviceId, int on, int off) {
        for (int i = 0; i < on + off; i++) {
            history.add(new TelemetryReading(deviceId, world.clock.instant().minus(Duration.ofHours(i + 1)), i, null, null,
                    new TelemetryMetrics(i < on, null, null, null, null, null, null, Map.of())));
        }
    }

    @Test
    void recordsTheRecomputedScoreAndItsTrendAndRaisesABreachOfTheOperatingCovenant() {
        String loanId = LoanFixtures.stored("b-review", 500_000, LoanStatus.DISBURSED);
        world.monitoring.startFor(loanId);
        String deviceId = "dev-" + loanId;
        samples.set(List.of(new DeviceSample(world.clock.instant().minusSeconds(60), null, null, true, false)));
        operated(deviceId, 8, 2);

        var first = reviews.review(loanId);

        assertThat(first.trend()).isEqualTo("FIRST");
        assertThat(first.factors().get("entityCredit")).isPositive();
        assertThat(first.operatingRate()).isEqualTo(0.8);
        assertThat(world.alerts.ofLoan(loanId)).isEmpty();

        world.clock.advance(Duration.ofDays(1));
        history.clear();
        operated(deviceId, 1, 9);
        samples.set(List.of(new DeviceSample(world.clock.instant().minusSeconds(60), null, null, true, true)));
        var second = reviews.review(loanId);

        assertThat(second.trend()).isEqualTo("DOWN");
        assertThat(second.factors()).containsEntry("entityCredit", 0);
        assertThat(second.operatingRate()).isEqualTo(0.1);
        assertThat(world.alerts.ofLoan(loanId)).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.OPERATING_RATE);
            assertThat(alert.severity()).isEqualTo(Severity.BREACH);
            assertThat(alert.evidence()).containsEntry("operatingRate", 0.1);
        });
        assertThat(world.jdbc.sql("select trend from covenant_review where loan_id = :id order by id")
                .param("id", loanId).query(String.class).list()).containsExactly("FIRST", "DOWN");

        // the same day's review again: the same alert id, refused
        reviews.review(loanId);
        assertThat(world.alerts.ofLoan(loanId)).hasSize(1);
    }
}
