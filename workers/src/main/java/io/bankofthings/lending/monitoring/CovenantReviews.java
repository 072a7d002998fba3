package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.scoring.ScoringService;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The periodic covenant review of a loan: recomputes the objective credit score and its factors from the same
 * features scoring used (now with the telemetry since disbursement), checks each item's operating rate over the
 * review window against its covenant, and records both with the trend against the previous review.
 */
@Service
public class CovenantReviews {

    private static final Logger LOG = LoggerFactory.getLogger(CovenantReviews.class);

    /**
     * One review.
     *
     * @param operatingRate lowest operating rate of the loan's items, null when no item reported power state
     * @param trend FIRST, UP, DOWN or FLAT (score against the previous review)
     */
    public record Review(String loanId, Instant reviewedAt, int score, Map<String, Integer> factors,
            @Nullable Double operatingRate, String trend) {}

    private final WatchedCollaterals watched;
    private final LoanApplications applications;
    private final ScoringService scoring;
    private final TelemetryHistory history;
    private final AlertService alerts;
    private final AlertRules rules;
    private final MonitoringSettings settings;
    private final JdbcClient jdbc;
    private final Clock clock;

    public CovenantReviews(WatchedCollaterals watched, LoanApplications applications, ScoringService scoring,
            TelemetryHistory history, AlertService alerts, MonitoringSettings settings, JdbcClient jdbc, Clock clock) {
        this.watched = watched;
        this.applications = applications;
        this.scoring = scoring;
        this.history = history;
        this.alerts = alerts;
        this.rules = new AlertRules(settings.earlyWarningRatio());
        this.settings = settings;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Reviews one loan now; raises OPERATING_RATE alerts (window = review date) and records the review. */
    public Review review(String loanId) {
        Instant now = clock.instant();
        String window = now.toString().substring(0, 10);
        Double lowest = null;
        for (var item : watched.ofLoan(loanId)) {
            var readings = history.readingsOf(item.deviceId(), now.minus(settings.operatingRateWindow()), now);
            var result = rules.operatingRate(item, readings, now, window);
            if (result.alert() != null) {
                alerts.raise(result.alert());
            } else if (result.isSafe()) {
                alerts.conditionEnded(item.collateralId(), AlertType.OPERATING_RATE, "operating rate back above the covenant");
            }
            long known = readings.stream().filter(r -> r.metrics().powerOn() != null).count();
            if (known > 0) {
                double rate = (double) readings.stream().filter(r -> Boolean.TRUE.equals(r.metrics().powerOn())).count() / known;
                lowest = lowest == null ? rate : Math.min(lowest, rate);
            }
        }
        var application = applications.find(loanId).orElseThrow();
        var score = scoring.score(application);
        Integer previous = jdbc.sql("select score from covenant_review where loan_id = :loanId order by id desc limit 1")
                .param("loanId", loanId)
                .query(Integer.class)
                .optional()
                .orElse(null);
        String trend = previous == null ? "FIRST" : score.total() > previous ? "UP" : score.total() < previous ? "DOWN" : "FLAT";
        jdbc.sql("""
                        insert into covenant_review (loan_id, reviewed_at, score, factors, operating_rate, trend)
                        values (:loanId, :at, :score, cast(:factors as jsonb), :rate, :trend)""")
                .param("loanId", loanId)
                .param("at", java.sql.Timestamp.from(now))
                .param("score", score.total())
                .param("factors", Json.write(score.factors()))
                .param("rate", lowest)
                .param("trend", trend)
                .update();
        LOG.info("Covenant review of loan {}: score {} ({})", loanId, score.total(), trend);
        return new Review(loanId, now, score.total(), score.factors(), lowest, trend);
    }
}
