package io.bankofthings.lending.scoring;

import io.bankofthings.lending.loan.LoanApplication;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Objective credit = subject credit (the applicant and the request) + transaction credit (the borrower's history in
 * our ledger) + entity credit (what the collateral's devices report). Each part is bounded so the total stays in
 * 0..1000 and every point is explained by a factor.
 */
@Service
public class ScoringService {

    static final Duration TELEMETRY_WINDOW = Duration.ofDays(30);
    static final long LARGE_LOAN_MINOR = 250_000_00L;

    private final JdbcClient jdbc;
    private final CollateralTelemetry telemetry;
    private final Clock clock;

    public ScoringService(JdbcClient jdbc, CollateralTelemetry telemetry, Clock clock) {
        this.jdbc = jdbc;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    public CreditScore score(LoanApplication application) {
        var factors = new LinkedHashMap<String, Integer>();
        factors.put(CreditScore.SUBJECT, subjectCredit(application));
        factors.put(CreditScore.TRANSACTION, transactionCredit(application.borrowerId()));
        factors.put(CreditScore.ENTITY, entityCredit(application));
        int total = factors.values().stream().mapToInt(Integer::intValue).sum();
        return new CreditScore(total, factors);
    }

    /** 0..400: a baseline for a known borrower, less for large amounts and long terms. */
    int subjectCredit(LoanApplication application) {
        int points = 350;
        if (application.amountMinor() > LARGE_LOAN_MINOR) {
            points -= 100;
        }
        if (application.termMonths() > 60) {
            points -= 50;
        }
        return points;
    }

    /** 0..300: 150 for a borrower new to the bank, 25 more per repayment on record. */
    int transactionCredit(String borrowerId) {
        long repayments = jdbc.sql("""
                        select count(*) from ledger_transaction t
                        join loan_application a on a.loan_id = t.reference
                        where a.borrower_id = :borrowerId and t.kind = 'REPAYMENT'""")
                .param("borrowerId", borrowerId)
                .query(Long.class)
                .single();
        return (int) Math.min(300, 150 + 25 * repayments);
    }

    /**
     * 0..300 from the weakest collateral device: 150 when a device never reported (unknown), 0 when tampered,
     * 200 when it reported in the window and 300 when it also reported within the last day.
     */
    int entityCredit(LoanApplication application) {
        int weakest = 300;
        for (var item : application.collateral()) {
            var activity = telemetry.activityOf(item.deviceId(), TELEMETRY_WINDOW);
            int points;
            if (activity.tampered()) {
                points = 0;
            } else if (activity.readings() == 0) {
                points = 150;
            } else if (activity.lastSeen() != null
                    && activity.lastSeen().isAfter(clock.instant().minus(Duration.ofDays(1)))) {
                points = 300;
            } else {
                points = 200;
            }
            weakest = Math.min(weakest, points);
        }
        return application.collateral().isEmpty() ? 0 : weakest;
    }
}
