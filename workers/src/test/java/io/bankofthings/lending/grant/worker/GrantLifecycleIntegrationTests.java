package io.bankofthings.lending.grant.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bankofthings.lending.grant.Grant;
import io.bankofthings.lending.grant.GrantAudit;
import io.bankofthings.lending.grant.GrantConflictException;
import io.bankofthings.lending.grant.GrantLimits;
import io.bankofthings.lending.grant.GrantNotFoundException;
import io.bankofthings.lending.grant.GrantRiskSettings;
import io.bankofthings.lending.grant.GrantState;
import io.bankofthings.lending.grant.GrantWorld;
import io.bankofthings.lending.grant.InvalidGrantRequestException;
import io.bankofthings.lending.grant.RefusalRule;
import io.bankofthings.lending.grant.Thing;
import io.bankofthings.lending.grant.ThingKind;
import io.bankofthings.lending.loan.FieldError;
import io.bankofthings.lending.processes.GrantProcess;
import io.bankofthings.lending.support.TestZeebe;
import io.bankofthings.lending.task.UserTaskInbox;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The life of grants through the real authorization-grant process on an in-memory Zeebe engine and the real
 * PostgreSQL: jobs are taken from the engine and handed to the same worker methods the application runs.
 */
class GrantLifecycleIntegrationTests {

    private TestZeebe zeebe = TestZeebe.shared();
    private GrantWorld world = new GrantWorld(zeebe.client(), new GrantRiskSettings(5, Duration.ofMinutes(1)));
    private GrantLifecycleWorkers workers = new GrantLifecycleWorkers(world.service);
    private final String owner = GrantWorld.uniqueOwner("paula");

    /** Takes the next job of this type for the grant's process instance and runs its worker, as the client would. */
    private ActivatedJob runJob(String type, Grant grant) throws InterruptedException {
        long instance = world.service.require(grant.grantId()).processInstanceKey();
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            zeebe.idle();
            Duration hold = type.equals(UserTaskInbox.JOB_TYPE) ? Duration.ofDays(7) : Duration.ofSeconds(5);
            var jobs = zeebe.client().newActivateJobsCommand().jobType(type).maxJobsToActivate(32).timeout(hold)
                    .send().join().getJobs();
            ActivatedJob mine = null;
            for (var job : jobs) {
                if (type.equals(UserTaskInbox.JOB_TYPE)) {
                    world.inbox.hold(job);
                }
                if (job.getProcessInstanceKey() == instance) {
                    mine = job;
                }
            }
            if (mine != null) {
                if (!type.equals(UserTaskInbox.JOB_TYPE)) {
                    dispatch(mine);
                    zeebe.client().newCompleteCommand(mine).send().join();
                }
                zeebe.idle();
                return mine;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no job " + type + " for grant " + grant.grantId());
    }

    @SuppressWarnings("unchecked")
    private void dispatch(ActivatedJob job) {
        var v = job.getVariablesAsMap();
        String grantId = (String) v.get("grantId");
        switch (job.getType()) {
            case GrantProcess.JOB_RECORD_ASSESSMENT ->
                    workers.recordAssessment(grantId, (Integer) v.get("version"), (Map<String, Object>) v.get("risk"));
            case GrantProcess.JOB_ACTIVATE -> workers.activate(grantId, (Integer) v.get("version"));
            case GrantProcess.JOB_REJECT -> workers.reject(grantId, (Integer) v.get("version"),
                    (Map<String, Object>) v.get("risk"), (Map<String, Object>) v.get("ownerDecision"));
            case GrantProcess.JOB_SUSPEND -> workers.suspend(grantId, (Map<String, Object>) v.get("warning"));
            case GrantProcess.JOB_RESUME -> workers.resume(grantId, (String) v.get("resumedBy"));
            case GrantProcess.JOB_EXPIRE -> workers.expire(grantId);
            case GrantProcess.JOB_REVOKE -> workers.revoke(grantId, (String) v.get("revokedBy"));
            default -> throw new AssertionError("unexpected job " + job.getType());
        }
    }

    private Thing thing(ThingKind kind) {
        return world.thing(owner, kind).thing();
    }

    private GrantLimits small() {
        return world.limits().maxPerTransaction(2_000L).daily(5_000L).monthly(30_000L).validFrom(null).build();
    }

    private GrantLimits large() {
        return world.limits().maxPerTransaction(50_000L).monthly(400_000L).validFrom(null).build();
    }

    private Grant authorizedThroughTheProcess(Thing thing) throws Exception {
        var grant = world.service.request(owner, thing.thingId(), small());
        runJob(GrantProcess.JOB_RECORD_ASSESSMENT, grant);
        runJob(GrantProcess.JOB_ACTIVATE, grant);
        assertThat(world.service.require(grant.grantId()).state()).isEqualTo(GrantState.AUTHORIZED);
        return grant;
    }

    private List<String> actions(Grant grant) {
        return world.audit.forGrant(grant.grantId()).stream().map(GrantAudit.Entry::action).toList();
    }

    @Test
    void aSmallGrantIsAuthorizedByTheRiskTableAndPaysAtOnce() throws Exception {
        var fridge = thing(ThingKind.APPLIANCE);
        var grant = world.service.request(owner, fridge.thingId(), small());
        assertThat(grant.state()).isEqualTo(GrantState.REQUESTED);
        assertThat(grant.processInstanceKey()).isNotNull();
        assertThat(world.pay(fridge, "too-early", 100, "charge-point-1").payment().refusalRule())
                .isEqualTo(RefusalRule.GRANT_NOT_ACTIVE);

        runJob(GrantProcess.JOB_RECORD_ASSESSMENT, grant);
        runJob(GrantProcess.JOB_ACTIVATE, grant);

        var active = world.service.require(grant.grantId());
        assertThat(active.state()).isEqualTo(GrantState.AUTHORIZED);
        assertThat(active.riskLevel()).isEqualTo("LOW");
        assertThat(world.pay(fridge, "now", 100, "charge-point-1").payment().authorized()).isTrue();
        assertThat(actions(grant)).containsExactly("GRANT_REQUESTED", "RISK_ASSESSED", "ACTIVATED");
        assertThat(world.audit.forGrant(grant.grantId()).get(1).actor()).isEqualTo("dmn:grant-risk");
    }

    @Test
    void aLargerGrantWaitsForTheOwnerWhoConfirmsIt() throws Exception {
        var machine = thing(ThingKind.MACHINE);
        var grant = world.service.request(owner, machine.thingId(), large());
        runJob(GrantProcess.JOB_RECORD_ASSESSMENT, grant);
        assertThat(world.service.require(grant.grantId()).awaitingConfirmation()).isTrue();
        runJob(UserTaskInbox.JOB_TYPE, grant);

        assertThatThrownBy(() -> world.service.confirm("someone-else", grant.grantId(), true, "mine now"))
                .isInstanceOf(GrantNotFoundException.class);
        assertThat(world.inbox.findOpenByAssignee(owner)).singleElement()
                .satisfies(task -> assertThat(task.businessKey()).isEqualTo(grant.grantId()));
        world.service.confirm(owner, grant.grantId(), true, "raw material orders");
        runJob(GrantProcess.JOB_ACTIVATE, grant);

        assertThat(world.service.require(grant.grantId()).state()).isEqualTo(GrantState.AUTHORIZED);
        assertThat(world.inbox.findOpenByAssignee(owner)).isEmpty();
        assertThat(actions(grant)).containsExactly("GRANT_REQUESTED", "RISK_ASSESSED", "OWNER_CONFIRMED", "ACTIVATED");
    }

    @Test
    void theOwnerRefusesALargerGrant() throws Exception {
        var machine = thing(ThingKind.MACHINE);
        var grant = world.service.request(owner, machine.thingId(), large());
        runJob(GrantProcess.JOB_RECORD_ASSESSMENT, grant);
        runJob(UserTaskInbox.JOB_TYPE, grant);

        world.service.confirm(owner, grant.grantId(), false, "I did not ask for this");
        runJob(GrantProcess.JOB_REJECT, grant);

        var rejected = world.service.require(grant.grantId());
        assertThat(rejected.state()).isEqualTo(GrantState.REJECTED);
        assertThat(rejected.stateReason()).isEqualTo("owner refused: I did not ask for this");
        assertThat(world.audit.forGrant(grant.grantId()).getLast().actor()).isEqualTo(owner);
    }

    @Test
    void theRiskTableRejectsATooLargeExposure() throws Exception {
        var car = thing(ThingKind.VEHICLE);
        var grant = world.service.request(owner, car.thingId(),
                world.limits().maxPerTransaction(100_000L).daily(100_000L).validFrom(null).build());
        runJob(GrantProcess.JOB_RECORD_ASSESSMENT, grant);
        runJob(GrantProcess.JOB_REJECT, grant);

        var rejected = world.service.require(grant.grantId());
        assertThat(rejected.state()).isEqualTo(GrantState.REJECTED);
        assertThat(rejected.stateReason()).isEqualTo("monthly exposure above 10,000.00");
        assertThat(world.pay(car, "p", 100, "charge-point-1").payment().refusalDetail()).contains("is REJECTED");
    }

    @Test
    void aPaymentOutsideTheScopeWarnsTheOwnerAndSuspendsTheGrantUntilResumed() throws Exception {
        var car = thing(ThingKind.VEHICLE);
        var grant = authorizedThroughTheProcess(car);

        var refused = world.pay(car, "casino", 500, "casino-9");
        assertThat(refused.payment().refusalRule()).isEqualTo(RefusalRule.COUNTERPARTY_NOT_ALLOWED);
        assertThat(world.risk.forOwner(owner, 10)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo("OUT_OF_SCOPE");
            assertThat(n.grantId()).isEqualTo(grant.grantId());
            assertThat(n.suspends()).isTrue();
        });
        runJob(GrantProcess.JOB_SUSPEND, grant);

        var suspended = world.service.require(grant.grantId());
        assertThat(suspended.state()).isEqualTo(GrantState.SUSPENDED);
        assertThat(suspended.stateReason()).isEqualTo("risk warning OUT_OF_SCOPE (COUNTERPARTY_NOT_ALLOWED)");
        assertThat(world.pay(car, "while-suspended", 100, "charge-point-1").payment().refusalDetail()).contains("is SUSPENDED");

        world.service.resume(owner, grant.grantId());
        runJob(GrantProcess.JOB_RESUME, grant);

        assertThat(world.service.require(grant.grantId()).state()).isEqualTo(GrantState.AUTHORIZED);
        assertThat(world.pay(car, "resumed", 100, "charge-point-1").payment().authorized()).isTrue();
        assertThat(actions(grant)).endsWith("SUSPENDED", "RESUME_REQUESTED", "RESUMED");
    }

    @Test
    void aRefusalOverALimitWarnsTheOwnerWithoutSuspending() throws Exception {
        var car = thing(ThingKind.VEHICLE);
        var grant = authorizedThroughTheProcess(car);

        world.pay(car, "too-much", 2_001, "charge-point-1");

        assertThat(world.risk.forOwner(owner, 10)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo("OVER_LIMIT");
            assertThat(n.rule()).isEqualTo("PER_TRANSACTION_LIMIT");
            assertThat(n.suspends()).isFalse();
            assertThat(n.message()).contains("2001 EUR").contains("PER_TRANSACTION_LIMIT");
        });
        zeebe.idle();
        assertThat(world.service.require(grant.grantId()).state()).isEqualTo(GrantState.AUTHORIZED);
    }

    @Test
    void aBurstOfPaymentsSuspendsTheGrantOnce() throws Exception {
        var car = thing(ThingKind.VEHICLE);
        var grant = authorizedThroughTheProcess(car);

        for (int i = 0; i < 7; i++) {
            world.pay(car, "b" + i, 10, "charge-point-1");
        }
        runJob(GrantProcess.JOB_SUSPEND, grant);

        assertThat(world.risk.forOwner(owner, 10)).singleElement().satisfies(n -> assertThat(n.kind()).isEqualTo("BURST"));
        assertThat(world.service.require(grant.grantId()).state()).isEqualTo(GrantState.SUSPENDED);
    }

    @Test
    void changingTheLimitsReauthorizesTheGrant() throws Exception {
        var machine = thing(ThingKind.MACHINE);
        var grant = authorizedThroughTheProcess(machine);

        var changed = world.service.changeLimits(owner, grant.grantId(), large());
        assertThat(changed.state()).isEqualTo(GrantState.REQUESTED);
        assertThat(changed.version()).isEqualTo(2);
        assertThat(world.pay(machine, "during-review", 100, "charge-point-1").payment().refusalRule())
                .isEqualTo(RefusalRule.GRANT_NOT_ACTIVE);

        var assessment = runJob(GrantProcess.JOB_RECORD_ASSESSMENT, grant);
        assertThat(assessment.getVariablesAsMap()).containsEntry("version", 2);
        runJob(UserTaskInbox.JOB_TYPE, grant);
        world.service.confirm(owner, grant.grantId(), true, "bigger orders");
        runJob(GrantProcess.JOB_ACTIVATE, grant);

        var reauthorized = world.service.require(grant.grantId());
        assertThat(reauthorized.state()).isEqualTo(GrantState.AUTHORIZED);
        assertThat(reauthorized.limits().maxPerTransactionMinor()).isEqualTo(50_000L);
        assertThat(world.pay(machine, "bigger", 40_000, "charge-point-1").payment().authorized()).isTrue();
        assertThat(actions(grant)).endsWith("LIMITS_CHANGED", "RISK_ASSESSED", "OWNER_CONFIRMED", "ACTIVATED");
    }

    @Test
    void revocationStopsPaymentsAtOnceAndEndsTheProcess() throws Exception {
        var car = thing(ThingKind.VEHICLE);
        var grant = authorizedThroughTheProcess(car);

        world.service.revoke(owner, grant.grantId(), "car sold");
        assertThat(world.pay(car, "after-revoke", 100, "charge-point-1").payment().refusalDetail()).contains("is REVOKED");
        var job = runJob(GrantProcess.JOB_REVOKE, grant);

        assertThat(job.getVariablesAsMap()).containsEntry("revokedBy", owner);
        assertThat(world.service.require(grant.grantId()).state()).isEqualTo(GrantState.REVOKED);
        assertThat(world.service.revoke(owner, grant.grantId(), "again").state()).isEqualTo(GrantState.REVOKED);
        assertThatThrownBy(() -> world.service.changeLimits(owner, grant.grantId(), small()))
                .isInstanceOf(GrantConflictException.class)
                .hasMessageContaining("is REVOKED");
    }

    @Test
    void aGrantExpiresByTimerAtTheEndOfItsValidityWindow() throws Exception {
        try (var own = TestZeebe.fresh()) {
            zeebe = own;
            world = new GrantWorld(own.client(), GrantRiskSettings.defaults());
            workers = new GrantLifecycleWorkers(world.service);
            var car = thing(ThingKind.VEHICLE);
            var grant = authorizedThroughTheProcess(car);

            own.engine().increaseTime(Duration.ofDays(31));
            runJob(GrantProcess.JOB_EXPIRE, grant);

            var expired = world.service.require(grant.grantId());
            assertThat(expired.state()).isEqualTo(GrantState.EXPIRED);
            assertThat(actions(grant)).endsWith("EXPIRED");
        }
    }

    @Test
    void refusesASecondOpenGrantAndInvalidLimitsWithReasons() throws Exception {
        var car = thing(ThingKind.VEHICLE);
        authorizedThroughTheProcess(car);

        assertThatThrownBy(() -> world.service.request(owner, car.thingId(), small()))
                .isInstanceOf(GrantConflictException.class)
                .hasMessageContaining("already has an open grant");
        var invalid = new GrantLimits("eur", List.of(), List.of("12"), 0L, 10L, null, 5L, 3, null, null,
                Instant.now().minusSeconds(5));
        assertThatThrownBy(() -> world.service.request(owner, car.thingId(), invalid))
                .isInstanceOfSatisfying(InvalidGrantRequestException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .contains("currency", "allowedMerchantCategories[0]", "maxPerTransactionMinor", "monthlyLimitMinor",
                                "maxPaymentsPeriod", "validUntil"));
        assertThatThrownBy(() -> world.service.request("not-the-owner", car.thingId(), small()))
                .isInstanceOf(io.bankofthings.lending.grant.ThingNotFoundException.class);
    }
}
