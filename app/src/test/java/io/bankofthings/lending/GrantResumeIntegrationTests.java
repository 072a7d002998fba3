package io.bankofthings.lending;

import static io.bankofthings.lending.LostInstances.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankofthings.lending.grant.Grant;
import io.bankofthings.lending.grant.GrantLimits;
import io.bankofthings.lending.grant.GrantProcessResumer;
import io.bankofthings.lending.grant.GrantService;
import io.bankofthings.lending.grant.GrantState;
import io.bankofthings.lending.grant.NewThing;
import io.bankofthings.lending.grant.OwnerType;
import io.bankofthings.lending.grant.PaymentAuthorizer;
import io.bankofthings.lending.grant.PaymentRequest;
import io.bankofthings.lending.grant.RefusalRule;
import io.bankofthings.lending.grant.ThingKind;
import io.bankofthings.lending.grant.ThingRegistry;
import io.bankofthings.lending.processes.GrantProcess;
import io.bankofthings.lending.resume.ProcessResumer;
import io.bankofthings.lending.task.UserTaskInbox;
import io.camunda.client.CamundaClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Grants whose process instance was lost (the in-memory engine forgot it) resume on the real engine and PostgreSQL
 * from their stored state: a grant is taken to a wait state by its process, its instance cancelled and its row marked
 * as started by a previous engine generation, exactly what a restart leaves behind; then {@link ProcessResumer} gives
 * it a new instance, and the owner carries on as if nothing had happened.
 */
@SpringBootTest
class GrantResumeIntegrationTests {

    @DynamicPropertySource
    static void embeddedDefaults(DynamicPropertyRegistry registry) {
        // only the test sweeps, so it sees what one sweep resumes
        LostInstances.registerWithoutSweep(registry);
    }

    @Autowired CamundaClient client;
    @Autowired JdbcClient jdbc;
    @Autowired ProcessResumer resumer;
    @Autowired ThingRegistry things;
    @Autowired GrantService grants;
    @Autowired PaymentAuthorizer payments;
    @Autowired UserTaskInbox inbox;
    @Autowired MeterRegistry meters;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String owner = "olga-" + suffix;

    private String thing(ThingKind kind) {
        return things.register(owner, new NewThing(OwnerType.PERSON, kind, "SN-" + kind + "-" + suffix, "test " + kind))
                .thing().thingId();
    }

    private static GrantLimits limits(long maxPerPayment, long monthly) {
        return new GrantLimits("EUR", List.of("charge-point-1"), List.of(), maxPerPayment, null, null, monthly, null, null,
                null, Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS));
    }

    private Grant awaitGrant(String grantId, String what, Predicate<Grant> condition)
            throws InterruptedException {
        awaitTrue(what + " of grant " + grantId, () -> condition.test(grants.require(grantId)));
        return grants.require(grantId);
    }

    /** What an application restart does to the grant: its instance is gone and was started by another engine run. */
    private long loseInstance(String grantId) {
        long key = grants.require(grantId).processInstanceKey();
        LostInstances.lose(client, jdbc, "authorization_grant", "grant_id", grantId, key);
        return key;
    }

    private boolean waitsAt(String grantId, String elementId) {
        return LostInstances.hasElement(jdbc, grants.require(grantId).processInstanceKey(), elementId, "ACTIVE");
    }

    private boolean ended(String grantId, String endEventId) {
        return LostInstances.hasElement(jdbc, grants.require(grantId).processInstanceKey(), endEventId, "COMPLETED");
    }

    private double resumedCount(String state) {
        var counter = meters.find("lending.processes.resumed").tag("process", GrantProcess.PROCESS_ID)
                .tag("state", state).counter();
        return counter == null ? 0 : counter.count();
    }

    private Map<String, Integer> resume() {
        return resumer.resumeLost(GrantProcess.PROCESS_ID);
    }

    private boolean pay(String thingId, String key, long amountMinor) {
        return payments.authorize(thingId, new PaymentRequest(key + "-" + suffix, amountMinor, "EUR", "charge-point-1",
                null, "charging")).payment().authorized();
    }

    @Test
    void aGrantAwaitingConfirmationIsAskedAgainThenConfirmedAndPaysWithinItsLimits() throws Exception {
        String press = thing(ThingKind.MACHINE);
        // 500.00 a payment on a machine: the risk table asks the owner
        String grantId = grants.request(owner, press, limits(50_000, 200_000)).grantId();
        awaitTrue("the confirmation task", () -> inbox.findOpen(GrantProcess.PROCESS_ID, GrantProcess.ELEMENT_CONFIRM,
                grantId).isPresent());
        long lost = loseInstance(grantId);
        double before = resumedCount(GrantProcessResumer.AWAITING_CONFIRMATION);

        assertThat(resume()).containsEntry(GrantProcessResumer.AWAITING_CONFIRMATION, 1);
        assertThat(resumedCount(GrantProcessResumer.AWAITING_CONFIRMATION)).isEqualTo(before + 1);
        assertThat(resume()).as("resumed once").isEmpty();
        long resumed = grants.require(grantId).processInstanceKey();
        assertThat(resumed).isNotEqualTo(lost);
        // the lost instance's task is closed; the new instance opens its own
        awaitTrue("the confirmation task of the new instance", () -> inbox.findOpen(GrantProcess.PROCESS_ID,
                GrantProcess.ELEMENT_CONFIRM, grantId).filter(t -> t.processInstanceKey() == resumed).isPresent());
        assertThat(pay(press, "before-confirmation", 1_000)).as("no payment before the owner confirms").isFalse();

        grants.confirm(owner, grantId, true, "confirmed after the restart");
        var authorized = awaitGrant(grantId, "authorization", g -> g.state() == GrantState.AUTHORIZED);

        assertThat(authorized.version()).isEqualTo(1);
        assertThat(pay(press, "within", 40_000)).isTrue();
        var above = payments.authorize(press, new PaymentRequest("above-" + suffix, 50_001L, "EUR", "charge-point-1",
                null, "too much")).payment();
        assertThat(above.authorized()).isFalse();
        assertThat(above.refusalRule()).isEqualTo(RefusalRule.PER_TRANSACTION_LIMIT);
        assertThat(jdbc.sql("select count(*) from grant_audit where grant_id = :id and action = 'ACTIVATED'")
                .param("id", grantId).query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void aSuspendedGrantWaitsForItsOwnerAgainIsResumedAndThenRevoked() throws Exception {
        String car = thing(ThingKind.VEHICLE);
        String grantId = grants.request(owner, car, limits(10_000, 50_000)).grantId();
        awaitTrue("the active grant waiting for events", () -> waitsAt(grantId, GrantProcess.ELEMENT_AWAIT_EVENT));
        client.newPublishMessageCommand().messageName(GrantProcess.MESSAGE_RISK_WARNING).correlationKey(grantId)
                .messageId("warning-" + suffix).timeToLive(Duration.ofMinutes(1))
                .variables(Map.of("warning", Map.of("kind", "VELOCITY", "rule", "test"))).send().join();
        awaitGrant(grantId, "suspension", g -> g.state() == GrantState.SUSPENDED);
        awaitTrue("the suspended grant waiting for its owner", () -> waitsAt(grantId, GrantProcess.ELEMENT_AWAIT_RESUMPTION));
        loseInstance(grantId);

        assertThat(resume()).containsEntry("SUSPENDED", 1);
        awaitTrue("the resumed grant waiting for its owner", () -> waitsAt(grantId, GrantProcess.ELEMENT_AWAIT_RESUMPTION));
        assertThat(grants.require(grantId).state()).isEqualTo(GrantState.SUSPENDED);
        assertThat(pay(car, "while-suspended", 1_000)).isFalse();

        grants.resume(owner, grantId);
        awaitGrant(grantId, "resumption", g -> g.state() == GrantState.AUTHORIZED);
        assertThat(pay(car, "after-resumption", 1_000)).isTrue();

        grants.revoke(owner, grantId, "sold the car");
        awaitTrue("the revocation in the resumed instance", () -> ended(grantId, GrantProcess.ELEMENT_REVOKED_END));
        assertThat(grants.require(grantId).state()).isEqualTo(GrantState.REVOKED);
        assertThat(pay(car, "after-revocation", 1_000)).isFalse();
    }

    @Test
    void anActiveGrantWhoseWindowEndedWhileTheApplicationWasDownExpiresAtOnce() throws Exception {
        String car = thing(ThingKind.VEHICLE);
        String grantId = grants.request(owner, car, limits(10_000, 50_000)).grantId();
        awaitTrue("the active grant waiting for events", () -> waitsAt(grantId, GrantProcess.ELEMENT_AWAIT_EVENT));
        loseInstance(grantId);
        // the validity window ended while the application was down
        jdbc.sql("""
                        update authorization_grant set valid_from = valid_from - interval '1 day',
                            valid_until = now() - interval '1 minute' where grant_id = :id""")
                .param("id", grantId).update();

        assertThat(resume()).containsEntry("AUTHORIZED", 1);

        awaitGrant(grantId, "expiry", g -> g.state() == GrantState.EXPIRED);
        awaitTrue("the expiry in the resumed instance", () -> ended(grantId, GrantProcess.ELEMENT_EXPIRED_END));
    }
}
