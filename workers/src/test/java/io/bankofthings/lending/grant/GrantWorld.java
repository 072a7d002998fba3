package io.bankofthings.lending.grant;

import io.bankofthings.lending.ledger.Ledger;
import io.bankofthings.lending.resume.EngineGeneration;
import io.bankofthings.lending.support.MutableClock;
import io.bankofthings.lending.support.TestDatabase;
import io.bankofthings.lending.task.UserTaskInbox;
import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The grant services wired as the application wires them, on the real PostgreSQL and a real Zeebe engine. */
public final class GrantWorld {

    public final MutableClock clock = new MutableClock(Instant.now());
    public final JdbcClient jdbc;
    public final TransactionTemplate tx;
    public final Ledger ledger;
    public final GrantAudit audit;
    public final ThingRegistry things;
    public final Grants grants;
    public final Payments payments;
    public final GrantEngine engine;
    public final UserTaskInbox inbox;
    public final GrantProcessStarter starter;
    public final GrantService service;
    public final RiskMonitor risk;
    public final PaymentAuthorizer authorizer;
    public final GrantQueries queries;

    public GrantWorld(CamundaClient client, GrantRiskSettings settings) {
        this(client, settings, TestDatabase.dataSource());
    }

    public GrantWorld(CamundaClient client, GrantRiskSettings settings, DataSource dataSource) {
        jdbc = JdbcClient.create(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        ledger = new Ledger(jdbc, tx);
        audit = new GrantAudit(jdbc);
        things = new ThingRegistry(jdbc, tx, audit);
        grants = new Grants(jdbc);
        payments = new Payments(jdbc);
        engine = new GrantEngine(client);
        inbox = new UserTaskInbox(client, jdbc);
        starter = new GrantProcessStarter(grants, things, engine, tx, new EngineGeneration(EngineGeneration.newEmbedded()));
        service = new GrantService(grants, things, audit, engine, starter, inbox, tx, clock);
        risk = new RiskMonitor(jdbc, grants, payments, engine, settings, clock);
        authorizer = new PaymentAuthorizer(grants, payments, things, ledger, risk, tx, clock);
        queries = new GrantQueries(service, payments, audit, things, clock);
    }

    public static String uniqueOwner(String name) {
        return name + "-" + UUID.randomUUID();
    }

    /** Registers a new thing of this kind for the owner. */
    public RegisteredThing thing(String ownerId, ThingKind kind) {
        return things.register(ownerId, new NewThing(OwnerType.PERSON, kind, "sn-" + UUID.randomUUID(), "test " + kind));
    }

    /** Stores a grant in AUTHORIZED state directly, without its process: for payment rules only. */
    public Grant authorizedGrant(Thing thing, GrantLimits limits) {
        String grantId = "G-" + UUID.randomUUID();
        tx.executeWithoutResult(s -> {
            grants.insert(grantId, thing.thingId(), thing.ownerId(), GrantState.AUTHORIZED, limits);
            audit.record(thing.ownerId(), "GRANT_REQUESTED", thing.thingId(), grantId, "test fixture");
        });
        return grants.find(grantId).orElseThrow();
    }

    public PaymentOutcome pay(Thing thing, String key, long amountMinor, String counterparty) {
        return authorizer.authorize(thing.thingId(), new PaymentRequest(key, amountMinor, "EUR", counterparty, null, null));
    }

    /** Fluent grant limits for tests; defaults: EUR, counterparty "charge-point-1", 10.00 per payment, 30 days. */
    public Limits limits() {
        return new Limits(clock.instant());
    }

    public static final class Limits {
        private String currency = "EUR";
        private List<String> counterparties = List.of("charge-point-1");
        private List<String> categories = List.of();
        private Long max = 1_000L;
        private Long daily;
        private Long weekly;
        private Long monthly;
        private Integer maxPayments;
        private Period period;
        private Instant from;
        private Instant until;

        Limits(Instant now) {
            from = now.minus(Duration.ofMinutes(1));
            until = now.plus(Duration.ofDays(30));
        }

        public Limits currency(String value) { currency = value; return this; }
        public Limits counterparties(String... values) { counterparties = List.of(values); return this; }
        public Limits categories(String... values) { categories = List.of(values); return this; }
        public Limits maxPerTransaction(Long value) { max = value; return this; }
        public Limits daily(Long value) { daily = value; return this; }
        public Limits weekly(Long value) { weekly = value; return this; }
        public Limits monthly(Long value) { monthly = value; return this; }
        public Limits maxPayments(Integer value, Period per) { maxPayments = value; period = per; return this; }
        public Limits validFrom(Instant value) { from = value; return this; }
        public Limits validUntil(Instant value) { until = value; return this; }

        public GrantLimits build() {
            return new GrantLimits(currency, counterparties, categories, max, daily, weekly, monthly, maxPayments, period,
                    from, until);
        }
    }
}
