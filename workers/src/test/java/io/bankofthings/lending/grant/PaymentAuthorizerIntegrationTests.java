package io.bankofthings.lending.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankofthings.lending.ledger.Accounts;
import io.bankofthings.lending.loan.FieldError;
import io.bankofthings.lending.support.TestZeebe;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every payment rule, idempotent retries and concurrent payments, on the real PostgreSQL. */
class PaymentAuthorizerIntegrationTests {

    private final GrantWorld world = new GrantWorld(TestZeebe.shared().client(), GrantRiskSettings.defaults());
    private final String owner = GrantWorld.uniqueOwner("olga");
    private final Thing car = world.thing(owner, ThingKind.VEHICLE).thing();

    private static void assertRefused(PaymentOutcome outcome, RefusalRule rule, String detailPart) {
        assertThat(outcome.payment().result()).isEqualTo(ThingPayment.REFUSED);
        assertThat(outcome.payment().refusalRule()).isEqualTo(rule);
        assertThat(outcome.payment().refusalDetail()).contains(detailPart);
        assertThat(outcome.payment().ledgerTransactionId()).isNull();
    }

    @Test
    void authorizesAPaymentInScopeAndPostsItThroughTheThingAccount() {
        var grant = world.authorizedGrant(car, world.limits().daily(5_000L).build());

        var outcome = world.pay(car, "charge-1", 850, "charge-point-1");

        assertThat(outcome.replayed()).isFalse();
        var payment = outcome.payment();
        assertThat(payment.result()).isEqualTo(ThingPayment.AUTHORIZED);
        assertThat(payment.grantId()).isEqualTo(grant.grantId());
        assertThat(payment.refusalRule()).isNull();
        assertThat(world.ledger.transactionsFor(grant.grantId())).singleElement().satisfies(t -> {
            assertThat(t.transactionId()).isEqualTo(payment.ledgerTransactionId());
            assertThat(t.idempotencyKey()).isEqualTo("thing-payment:" + car.thingId() + ":charge-1");
        });
        assertThat(world.ledger.balanceOf(Accounts.customerAccount(owner))).containsExactlyEntriesOf(Map.of("EUR", 850L));
        assertThat(world.ledger.balanceOf(Accounts.thingAccount(car.thingId()))).containsExactlyEntriesOf(Map.of("EUR", 0L));
        assertThat(world.ledger.balanceOf(Accounts.merchantSettlement("charge-point-1"))).containsKey("EUR");
        assertThat(world.ledger.trialBalance().values()).allMatch(net -> net == 0L);
        var remaining = world.queries.overview(owner, grant.grantId()).remaining();
        assertThat(remaining.get(Period.DAY).amountMinor()).isEqualTo(4_150L);
        assertThat(remaining.get(Period.DAY).paymentCount()).isEqualTo(1);
    }

    @Test
    void refusesAPaymentAboveTheMaximumPerTransaction() {
        world.authorizedGrant(car, world.limits().maxPerTransaction(1_000L).build());

        assertRefused(world.pay(car, "big", 1_001, "charge-point-1"), RefusalRule.PER_TRANSACTION_LIMIT,
                "above the maximum of 1000 EUR per payment");
        assertThat(world.pay(car, "exact", 1_000, "charge-point-1").payment().authorized()).isTrue();
    }

    @Test
    void refusesAboveTheDailyLimitAndOpensItAgainTheNextDay() {
        world.clock.set(Instant.parse("2026-11-10T10:00:00Z"));
        world.authorizedGrant(car, world.limits().daily(2_500L).build());

        assertThat(world.pay(car, "d1", 1_000, "charge-point-1").payment().authorized()).isTrue();
        assertThat(world.pay(car, "d2", 1_000, "charge-point-1").payment().authorized()).isTrue();
        assertRefused(world.pay(car, "d3", 1_000, "charge-point-1"), RefusalRule.DAILY_LIMIT, "500 left");
        assertThat(world.pay(car, "d4", 500, "charge-point-1").payment().authorized()).isTrue();

        world.clock.set(Instant.parse("2026-11-11T00:00:00Z"));
        assertThat(world.pay(car, "d5", 1_000, "charge-point-1").payment().authorized()).isTrue();
    }

    @Test
    void refusesAboveTheWeeklyLimitAcrossDaysOfOneIsoWeek() {
        world.clock.set(Instant.parse("2026-11-09T08:00:00Z")); // a Monday
        world.authorizedGrant(car, world.limits().validFrom(Instant.parse("2026-11-01T00:00:00Z"))
                .daily(1_000L).weekly(2_000L).build());

        assertThat(world.pay(car, "w1", 1_000, "charge-point-1").payment().authorized()).isTrue();
        world.clock.set(Instant.parse("2026-11-12T08:00:00Z"));
        assertThat(world.pay(car, "w2", 1_000, "charge-point-1").payment().authorized()).isTrue();
        world.clock.set(Instant.parse("2026-11-15T23:59:00Z")); // Sunday, same week
        assertRefused(world.pay(car, "w3", 100, "charge-point-1"), RefusalRule.WEEKLY_LIMIT, "weekly limit of 2000");
        world.clock.set(Instant.parse("2026-11-16T00:00:00Z")); // next Monday
        assertThat(world.pay(car, "w4", 100, "charge-point-1").payment().authorized()).isTrue();
    }

    @Test
    void refusesAboveTheMonthlyLimit() {
        world.clock.set(Instant.parse("2026-11-02T08:00:00Z"));
        world.authorizedGrant(car, world.limits().validFrom(Instant.parse("2026-11-01T00:00:00Z"))
                .weekly(3_000L).monthly(4_000L).build());

        for (int day = 0; day < 4; day++) {
            world.clock.set(Instant.parse("2026-11-02T08:00:00Z").plus(Duration.ofDays(7L * day)));
            assertThat(world.pay(car, "m" + day, 1_000, "charge-point-1").payment().authorized()).isTrue();
        }
        world.clock.set(Instant.parse("2026-11-30T08:00:00Z"));
        assertRefused(world.pay(car, "m4", 1, "charge-point-1"), RefusalRule.MONTHLY_LIMIT, "0 left");
        world.clock.set(Instant.parse("2026-12-01T08:00:00Z"));
        assertThat(world.pay(car, "m5", 1_000, "charge-point-1").payment().authorized()).isTrue();
    }

    @Test
    void refusesMorePaymentsThanThePeriodAllows() {
        world.authorizedGrant(car, world.limits().maxPayments(2, Period.DAY).build());

        assertThat(world.pay(car, "c1", 10, "charge-point-1").payment().authorized()).isTrue();
        assertThat(world.pay(car, "c2", 10, "charge-point-1").payment().authorized()).isTrue();
        assertRefused(world.pay(car, "c3", 10, "charge-point-1"), RefusalRule.PAYMENT_COUNT_LIMIT, "2 payments a day");
    }

    @Test
    void refusesACounterpartyOutsideTheScopeButAllowsAnAllowedMerchantCategory() {
        world.authorizedGrant(car, world.limits().counterparties("charge-point-1").categories("5541").build());

        assertRefused(world.pay(car, "s1", 100, "casino-9"), RefusalRule.COUNTERPARTY_NOT_ALLOWED,
                "counterparty casino-9 is outside the scope");
        var fuel = world.authorizer.authorize(car.thingId(), new PaymentRequest("s2", 100L, "EUR", "station-77", "5541", "fuel"));
        assertThat(fuel.payment().authorized()).isTrue();
        var wrongCategory = world.authorizer.authorize(car.thingId(), new PaymentRequest("s3", 100L, "EUR", "shop-1", "7995", null));
        assertRefused(wrongCategory, RefusalRule.COUNTERPARTY_NOT_ALLOWED, "merchant category 7995");
        assertRefused(world.authorizer.authorize(car.thingId(), new PaymentRequest("s4", 100L, "USD", "charge-point-1", null, null)),
                RefusalRule.CURRENCY_NOT_ALLOWED, "pays in EUR only");
    }

    @Test
    void refusesBeforeAndAfterTheValidityWindow() {
        Instant start = Instant.parse("2026-11-10T12:00:00Z");
        world.clock.set(start.minusSeconds(1));
        world.authorizedGrant(car, world.limits().validFrom(start).validUntil(start.plus(Duration.ofDays(1))).build());

        assertRefused(world.pay(car, "v1", 10, "charge-point-1"), RefusalRule.OUTSIDE_VALIDITY_WINDOW, "valid from " + start);
        world.clock.set(start);
        assertThat(world.pay(car, "v2", 10, "charge-point-1").payment().authorized()).isTrue();
        world.clock.set(start.plus(Duration.ofDays(1)));
        assertRefused(world.pay(car, "v3", 10, "charge-point-1"), RefusalRule.OUTSIDE_VALIDITY_WINDOW, "until");
    }

    @Test
    void refusesWithoutAGrantAndNamesTheMissingGrant() {
        assertRefused(world.pay(car, "none", 10, "charge-point-1"), RefusalRule.GRANT_NOT_ACTIVE, "has no grant");
    }

    @Test
    void revocationTakesEffectAtOnce() {
        var grant = world.authorizedGrant(car, world.limits().build());
        assertThat(world.pay(car, "before", 100, "charge-point-1").payment().authorized()).isTrue();

        world.service.revoke(owner, grant.grantId(), "car sold");

        assertRefused(world.pay(car, "after", 100, "charge-point-1"), RefusalRule.GRANT_NOT_ACTIVE, "is REVOKED");
        assertThat(world.ledger.transactionsFor(grant.grantId())).hasSize(1);
        assertThat(world.audit.forGrant(grant.grantId())).extracting(GrantAudit.Entry::action).contains("REVOKED");
    }

    @Test
    void aRetryWithTheSameKeyReturnsTheFirstAnswerAndPaysOnce() {
        var grant = world.authorizedGrant(car, world.limits().daily(1_500L).build());

        var first = world.pay(car, "retry-1", 1_000, "charge-point-1");
        var retry = world.pay(car, "retry-1", 1_000, "charge-point-1");
        var refused = world.pay(car, "retry-2", 1_000, "charge-point-1");
        var refusedRetry = world.pay(car, "retry-2", 1_000, "charge-point-1");

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.payment()).isEqualTo(first.payment());
        assertThat(refused.payment().refusalRule()).isEqualTo(RefusalRule.DAILY_LIMIT);
        assertThat(refusedRetry.replayed()).isTrue();
        assertThat(refusedRetry.payment()).isEqualTo(refused.payment());
        assertThat(world.ledger.transactionsFor(grant.grantId())).hasSize(1);
        assertThat(world.payments.usage(grant.grantId(), LocalDate.ofInstant(world.clock.instant(), ZoneOffset.UTC))
                .get(Period.DAY)).isEqualTo(new Payments.Usage(1_000, 1));
        assertThatThrownBy(() -> world.pay(car, "retry-1", 999, "charge-point-1"))
                .isInstanceOf(GrantConflictException.class)
                .hasMessageContaining("Idempotency key retry-1 was used for a different payment");
    }

    @Test
    void refusesAMalformedRequestFieldByFieldAndStoresNothing() {
        world.authorizedGrant(car, world.limits().build());

        assertThatThrownBy(() -> world.authorizer.authorize(car.thingId(),
                        new PaymentRequest(" bad key", -5L, "eur", "", "54", null)))
                .isInstanceOfSatisfying(InvalidGrantRequestException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder("idempotencyKey", "amountMinor", "currency", "counterparty", "merchantCategory"));
        assertThat(world.payments.find(car.thingId(), " bad key")).isEmpty();
    }

    @Test
    void manyConcurrentPaymentsNeverExceedTheDailyLimit() throws Exception {
        var grant = world.authorizedGrant(car, world.limits().maxPerTransaction(1_000L).daily(50_000L).build());
        int requests = 200;
        long amount = 700;
        var pool = Executors.newFixedThreadPool(16);
        var start = new CountDownLatch(1);
        List<Future<PaymentOutcome>> results = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                String key = "burst-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return world.pay(car, key, amount, "charge-point-1");
                }));
            }
            start.countDown();
            long authorized = 0;
            long refusedByDailyLimit = 0;
            for (var result : results) {
                var payment = result.get().payment();
                if (payment.authorized()) {
                    authorized++;
                } else if (payment.refusalRule() == RefusalRule.DAILY_LIMIT) {
                    refusedByDailyLimit++;
                }
            }
            assertThat(authorized).isEqualTo(50_000 / amount);
            assertThat(authorized + refusedByDailyLimit).isEqualTo(requests);
        } finally {
            pool.shutdownNow();
        }
        var usage = world.payments.usage(grant.grantId(), LocalDate.ofInstant(world.clock.instant(), ZoneOffset.UTC));
        assertThat(usage.get(Period.DAY).amountMinor()).isEqualTo(71 * amount).isLessThanOrEqualTo(50_000L);
        assertThat(world.ledger.transactionsFor(grant.grantId())).hasSize(71);
        assertThat(world.ledger.balanceOf(Accounts.customerAccount(owner))).containsEntry("EUR", 71 * amount);
        assertThat(world.ledger.trialBalance().values()).allMatch(net -> net == 0L);
    }

    @Test
    void concurrentRetriesOfOnePaymentPayOnce() throws Exception {
        var grant = world.authorizedGrant(car, world.limits().build());
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<PaymentOutcome>> calls = IntStream.range(0, 16)
                    .mapToObj(i -> (Callable<PaymentOutcome>) () -> world.pay(car, "same-key", 400, "charge-point-1"))
                    .toList();
            var outcomes = pool.invokeAll(calls);
            var paymentIds = new java.util.HashSet<String>();
            int fresh = 0;
            for (var outcome : outcomes) {
                paymentIds.add(outcome.get().payment().paymentId());
                fresh += outcome.get().replayed() ? 0 : 1;
            }
            assertThat(paymentIds).hasSize(1);
            assertThat(fresh).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(world.ledger.transactionsFor(grant.grantId())).hasSize(1);
    }
}
