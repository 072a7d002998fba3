package io.bankofthings.lending.monitoring;

import io.bankofthings.lending.ledger.CreditLineFreezes;
import io.bankofthings.lending.ledger.Ledger;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.loan.LoanFixtures;
import io.bankofthings.lending.loan.LoanLifecycleService;
import io.bankofthings.lending.loan.LoanSettings;
import io.bankofthings.lending.loan.RepaymentServiceIntegrationTests;
import io.bankofthings.lending.resume.EngineGeneration;
import io.bankofthings.lending.support.MutableClock;
import io.bankofthings.lending.support.TestDatabase;
import io.bankofthings.lending.support.TestZeebe;
import io.bankofthings.lending.task.UserTaskInbox;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The monitoring services wired over the real embedded PostgreSQL and the shared in-memory Zeebe engine. */
public final class MonitoringWorld {

    public final JdbcClient jdbc = TestDatabase.jdbc();
    public final TransactionTemplate tx = TestDatabase.transactions();
    public final MutableClock clock = new MutableClock(Instant.now());
    public final MonitoringSettings settings;
    public final LoanApplications applications = LoanFixtures.applications();
    public final Ledger ledger = new Ledger(jdbc, tx);
    public final LoanLifecycleService loans = RepaymentServiceIntegrationTests.lifecycle(ledger, clock, LoanSettings.defaults());
    public final CreditLineFreezes freezes = new CreditLineFreezes(jdbc);
    public final WatchedCollaterals watched = new WatchedCollaterals(jdbc);
    public final Alerts alerts = new Alerts(jdbc);
    public final MonitoringAudit audit = new MonitoringAudit(jdbc);
    public final MonitoringMessages messages;
    public final LoanMonitoring monitoring;
    public final AlertService alertService;
    public final AlertEvaluator evaluator;
    public final MonitoringActions actions;
    public final UserTaskInbox inbox;

    public MonitoringWorld(MonitoringSettings settings) {
        this.settings = settings;
        var client = TestZeebe.shared().client();
        messages = new MonitoringMessages(client, settings);
        monitoring = new LoanMonitoring(applications, watched, alerts, audit, messages, settings, tx, clock);
        alertService = new AlertService(alerts, applications, audit, messages, clock,
                new EngineGeneration(EngineGeneration.newEmbedded()));
        evaluator = new AlertEvaluator(watched, alertService, settings, clock);
        inbox = new UserTaskInbox(client, jdbc);
        actions = new MonitoringActions(alerts, watched, freezes, audit, inbox, jdbc, tx, clock);
    }

    /** Settings with the default site at this position and radius. */
    public static MonitoringSettings siteAt(double latitude, double longitude, double radiusMeters) {
        var d = MonitoringSettings.defaults();
        return new MonitoringSettings(latitude, longitude, radiusMeters, d.offlineThreshold(), d.minOperatingRate(),
                d.ltvLimit(), d.earlyWarningRatio(), d.depreciationPerHourRate(), d.operatingRateWindow(),
                d.alertMessageTtl());
    }
}
