package io.bankofthings.lending.scoring;

import io.bankofthings.lending.loan.ApplicantType;
import io.bankofthings.lending.loan.CollateralItem;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.LoanApplication;
import io.bankofthings.lending.loan.ScoreFactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Objective credit = subject credit (the applicant and the request, 0..400) + transaction credit (the borrower's
 * history in our ledger, 0..300) + entity credit (what the collateral's devices report, 0..300). The total stays in
 * 0..1000 and every factor says why it scored what it did.
 */
@Service
public class ScoringService {

    static final Duration ENTITY_WINDOW = Duration.ofDays(7);
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
        var explanation = List.of(subjectCredit(application), transactionCredit(application.borrowerId()), entityCredit(application));
        return new CreditScore(explanation.stream().mapToInt(ScoreFactor::points).sum(), explanation);
    }

    /**
     * 0..400: 350 as a baseline; a person under 25 or 70 and over loses 50; a company younger than 2 years loses 75,
     * one of 10 years or more gains 50; an amount above 250,000.00 loses 100 and a term above 60 months 50.
     */
    ScoreFactor subjectCredit(LoanApplication application) {
        int points = 350;
        var reasons = new ArrayList<String>();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        var applicant = application.applicant();
        if (applicant != null && applicant.type() == ApplicantType.NATURAL_PERSON && applicant.birthDate() != null) {
            int age = Period.between(applicant.birthDate(), today).getYears();
            if (age < 25 || age >= 70) {
                points -= 50;
                reasons.add("age " + age + " (-50)");
            } else {
                reasons.add("age " + age);
            }
        } else if (applicant != null && applicant.type() == ApplicantType.LEGAL_PERSON && applicant.foundedOn() != null) {
            int years = Period.between(applicant.foundedOn(), today).getYears();
            if (years < 2) {
                points -= 75;
                reasons.add("in business " + years + " years (-75)");
            } else if (years >= 10) {
                points += 50;
                reasons.add("in business " + years + " years (+50)");
            } else {
                reasons.add("in business " + years + " years");
            }
        }
        if (application.amountMinor() > LARGE_LOAN_MINOR) {
            points -= 100;
            reasons.add("large amount (-100)");
        }
        if (application.termMonths() > 60) {
            points -= 50;
            reasons.add("term above 60 months (-50)");
        }
        points = Math.clamp(points, 0, 400);
        return new ScoreFactor(CreditScore.SUBJECT, points, 400, "baseline 350; " + String.join(", ", reasons));
    }

    /** 0..300: 150 for a borrower new to the bank, 25 more per repayment on record, 25 less per instalment paid 30+ days late. */
    ScoreFactor transactionCredit(String borrowerId) {
        long repayments = jdbc.sql("""
                        select count(*) from ledger_transaction t
                        join loan_application a on a.loan_id = t.reference
                        where a.borrower_id = :borrowerId and t.kind in ('REPAYMENT', 'PAYOFF')""")
                .param("borrowerId", borrowerId)
                .query(Long.class)
                .single();
        long late = jdbc.sql("""
                        select count(*) from repayment_installment i join loan_application a on a.loan_id = i.loan_id
                        where a.borrower_id = :borrowerId
                          and coalesce(i.paid_on, current_date) - i.due_date >= 30""")
                .param("borrowerId", borrowerId)
                .query(Long.class)
                .single();
        int points = (int) Math.clamp(150 + 25 * repayments - 25 * late, 0, 300);
        return new ScoreFactor(CreditScore.TRANSACTION, points, 300, repayments == 0 && late == 0
                ? "new to the bank: no repayments on record"
                : repayments + " repayments on record, " + late + " instalments 30+ days late");
    }

    /**
     * 0..300 from the weakest device of all collateral over the last 7 days: up to 100 for uptime (share of hours with
     * a reading), 100 for the operating rate (share of readings with power on; 50 when the device does not report
     * it), 100 for staying inside the site (share of positioned readings inside it; 100 for a fixed RFID gate).
     * A device that reported tampering scores 0.
     */
    ScoreFactor entityCredit(LoanApplication application) {
        int weakest = 300;
        String why = "no devices";
        for (CollateralItem item : application.collateral()) {
            for (var device : item.devices()) {
                var samples = telemetry.samplesOf(device.deviceId(), ENTITY_WINDOW);
                int points;
                String reason;
                if (samples.stream().anyMatch(DeviceSample::tamper)) {
                    points = 0;
                    reason = "device " + device.deviceId() + " reported tampering";
                } else {
                    double uptime = uptime(samples);
                    var withPower = samples.stream().filter(s -> s.powerOn() != null).toList();
                    double operating = withPower.isEmpty() ? 0.5
                            : withPower.stream().filter(DeviceSample::powerOn).count() / (double) withPower.size();
                    var positioned = samples.stream().filter(DeviceSample::hasPosition).toList();
                    double inside = device.type() == DeviceType.RFID_GATE || item.site() == null ? 1
                            : positioned.isEmpty() ? 0
                            : positioned.stream().filter(s -> item.site().contains(s.latitude(), s.longitude())).count()
                                    / (double) positioned.size();
                    points = (int) Math.round(100 * uptime + 100 * operating + 100 * inside);
                    reason = String.format(Locale.ROOT, "weakest device %s: uptime %.0f%%, operating %.0f%%%s, inside site %.0f%%",
                            device.deviceId(), 100 * uptime, 100 * operating, withPower.isEmpty() ? " (not reported)" : "",
                            100 * inside);
                }
                if (points < weakest || why.equals("no devices")) {
                    weakest = Math.min(weakest, points);
                    if (points <= weakest) {
                        why = reason;
                    }
                }
            }
        }
        return new ScoreFactor(CreditScore.ENTITY, application.collateral().isEmpty() ? 0 : weakest, 300, why);
    }

    /** Share of the hours of the window in which the device reported at least once. */
    double uptime(List<DeviceSample> samples) {
        Instant to = clock.instant();
        Instant from = to.minus(ENTITY_WINDOW);
        long hours = ENTITY_WINDOW.toHours();
        long covered = samples.stream()
                .filter(s -> !s.at().isBefore(from) && !s.at().isAfter(to))
                .map(s -> ChronoUnit.HOURS.between(from, s.at()))
                .distinct()
                .count();
        return Math.min(1.0, covered / (double) hours);
    }
}
