package io.bankofthings.lending.grant;

import io.bankofthings.lending.processes.GrantProcess;
import io.bankofthings.lending.task.UserTaskInbox;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life of grants. Owners request, change, confirm, resume and revoke them here; the authorization-grant process
 * calls the {@code record...} methods through its workers. Every change is audited. A revocation takes effect in the
 * database at once, before the process hears of it; suspension and activation happen through the process.
 */
@Service
public class GrantService {

    private static final Logger LOG = LoggerFactory.getLogger(GrantService.class);
    private static final Duration TASK_OPEN_WAIT = Duration.ofSeconds(5);
    public static final String PROCESS_ACTOR = "process:" + GrantProcess.PROCESS_ID;
    public static final String DECISION_ACTOR = "dmn:" + GrantProcess.DECISION_ID;

    private final Grants grants;
    private final ThingRegistry things;
    private final GrantAudit audit;
    private final GrantEngine engine;
    private final GrantProcessStarter starter;
    private final UserTaskInbox inbox;
    private final TransactionTemplate tx;
    private final Clock clock;

    public GrantService(Grants grants, ThingRegistry things, GrantAudit audit, GrantEngine engine,
            GrantProcessStarter starter, UserTaskInbox inbox, TransactionTemplate tx, Clock clock) {
        this.grants = grants;
        this.things = things;
        this.audit = audit;
        this.engine = engine;
        this.starter = starter;
        this.inbox = inbox;
        this.tx = tx;
        this.clock = clock;
    }

    // ---- owner actions --------------------------------------------------------------------------------------------

    /**
     * Stores a requested grant for the owner's thing and starts its process (risk assessment, maybe confirmation).
     *
     * @throws InvalidGrantRequestException with every field error; nothing is stored then
     * @throws ThingNotFoundException       if the thing is not the owner's
     * @throws GrantConflictException       if the thing already has an open grant
     */
    public Grant request(String ownerId, String thingId, GrantLimits requested) {
        var limits = withDefaultStart(requested);
        var errors = GrantLimitsValidator.validate(limits, clock.instant());
        if (!errors.isEmpty()) {
            throw new InvalidGrantRequestException("The grant has invalid fields", errors);
        }
        var thing = things.requireOwned(ownerId, thingId);
        if (!thing.active()) {
            throw new GrantConflictException("Thing " + thingId + " is " + thing.status() + ": it cannot receive a grant");
        }
        String grantId = "G-" + UUID.randomUUID();
        try {
            tx.executeWithoutResult(status -> {
                grants.insert(grantId, thingId, ownerId, GrantState.REQUESTED, limits);
                audit.record(ownerId, "GRANT_REQUESTED", thingId, grantId, describe(limits));
            });
        } catch (DuplicateKeyException e) {
            String open = grants.findByThing(thingId).stream().filter(g -> g.state().isOpen())
                    .map(Grant::grantId).findFirst().orElse("?");
            throw new GrantConflictException("Thing " + thingId + " already has an open grant " + open
                    + ": change its limits or revoke it first");
        }
        LOG.info("Grant {} requested by owner {} for thing {}", grantId, ownerId, thingId);
        starter.startQuietly(grantId);
        return require(grantId);
    }

    /**
     * Changes the scope and limits of an authorized or suspended grant. The grant goes back to REQUESTED (payments
     * stop) and through the risk table again: re-authorization. The process hears of it before the change commits, so
     * a change the engine did not take is not stored either.
     */
    public Grant changeLimits(String ownerId, String grantId, GrantLimits requested) {
        var limits = withDefaultStart(requested);
        var errors = GrantLimitsValidator.validate(limits, clock.instant());
        if (!errors.isEmpty()) {
            throw new InvalidGrantRequestException("The grant has invalid fields", errors);
        }
        var changed = tx.execute(status -> {
            var grant = requireOwnedForUpdate(ownerId, grantId);
            if (grant.state() != GrantState.AUTHORIZED && grant.state() != GrantState.SUSPENDED) {
                throw new GrantConflictException("Grant " + grantId + " is " + grant.state()
                        + ": only an AUTHORIZED or SUSPENDED grant can change its limits");
            }
            grants.updateLimits(grantId, limits, GrantState.REQUESTED);
            audit.record(ownerId, "LIMITS_CHANGED", grant.thingId(), grantId,
                    "version " + (grant.version() + 1) + ": " + describe(limits) + " (was " + describe(grant.limits()) + ")");
            var updated = grants.find(grantId).orElseThrow();
            var thing = things.find(grant.thingId()).orElseThrow();
            engine.publishLimitsChanged(updated, thing.kind());
            return updated;
        });
        LOG.info("Grant {} limits changed by owner {} to version {}: re-authorization", grantId, ownerId, changed.version());
        return changed;
    }

    /**
     * Revokes the grant at once: from the commit on, every payment is refused. The process is told afterwards; if the
     * engine is down the revocation still holds and a repeated call tells it again. Revoking twice is harmless.
     */
    public Grant revoke(String ownerId, String grantId, String reason) {
        var revoked = tx.execute(status -> {
            var grant = requireOwnedForUpdate(ownerId, grantId);
            if (grant.state() == GrantState.REVOKED) {
                return grant;
            }
            if (!grant.state().isOpen()) {
                throw new GrantConflictException("Grant " + grantId + " is " + grant.state() + " already: there is nothing to revoke");
            }
            grants.setState(grantId, GrantState.REVOKED, reason == null || reason.isBlank() ? "revoked by the owner" : reason);
            audit.record(ownerId, "REVOKED", grant.thingId(), grantId, reason);
            inbox.closeAll(GrantProcess.PROCESS_ID, grantId, "cancelled: grant revoked");
            return grants.find(grantId).orElseThrow();
        });
        LOG.info("Grant {} revoked by owner {}", grantId, ownerId);
        try {
            engine.publishRevoked(grantId, ownerId);
        } catch (ProcessEngineUnavailableException e) {
            LOG.warn("Grant {} is revoked, but its process was not told yet ({}); revoke again to retry", grantId, e.toString());
        }
        return revoked;
    }

    /** Asks the process to lift a suspension; the grant is AUTHORIZED again once the process has done so. */
    public Grant resume(String ownerId, String grantId) {
        return tx.execute(status -> {
            var grant = requireOwnedForUpdate(ownerId, grantId);
            if (grant.state() != GrantState.SUSPENDED) {
                throw new GrantConflictException("Grant " + grantId + " is " + grant.state() + ": only a SUSPENDED grant can be resumed");
            }
            audit.record(ownerId, "RESUME_REQUESTED", grant.thingId(), grantId, null);
            engine.publishResumed(grantId, ownerId, "resumed:" + grantId + ":" + grant.updatedAt().toEpochMilli());
            return grant;
        });
    }

    /**
     * The owner's answer to the confirmation the risk table asked for. Completes the open user task; the process then
     * activates or rejects the grant.
     */
    public Grant confirm(String ownerId, String grantId, boolean approve, String reason) {
        if (requireOwned(ownerId, grantId).awaitingConfirmation()) {
            // the assessment is recorded just before the process opens the task: give the engine a moment
            inbox.awaitOpen(GrantProcess.PROCESS_ID, GrantProcess.ELEMENT_CONFIRM, grantId, TASK_OPEN_WAIT);
        }
        tx.executeWithoutResult(status -> {
            var grant = requireOwnedForUpdate(ownerId, grantId);
            if (grant.state() != GrantState.REQUESTED || !grant.awaitingConfirmation()) {
                throw new GrantConflictException("Grant " + grantId + " is " + grant.state() + " and awaits no confirmation");
            }
            var task = inbox.findOpen(GrantProcess.PROCESS_ID, GrantProcess.ELEMENT_CONFIRM, grantId)
                    .orElseThrow(() -> new GrantConflictException(
                            "The confirmation of grant " + grantId + " is not open yet; try again in a moment"));
            var decision = new HashMap<String, Object>();
            decision.put("approved", approve);
            decision.put("reason", reason == null ? "" : reason);
            decision.put("decidedBy", ownerId);
            try {
                inbox.complete(task, Map.of("ownerDecision", decision), ownerId);
            } catch (RuntimeException e) {
                throw new ProcessEngineUnavailableException("The confirmation of grant " + grantId + " was not taken", e);
            }
            audit.record(ownerId, approve ? "OWNER_CONFIRMED" : "OWNER_REFUSED", grant.thingId(), grantId, reason);
        });
        LOG.info("Grant {} {} by owner {}", grantId, approve ? "confirmed" : "refused", ownerId);
        return require(grantId);
    }

    public Grant require(String grantId) {
        return grants.find(grantId).orElseThrow(() -> new GrantNotFoundException(grantId));
    }

    /** The owner's grant; another owner's grant is reported as not found. */
    public Grant requireOwned(String ownerId, String grantId) {
        return grants.find(grantId).filter(g -> g.ownerId().equals(ownerId)).orElseThrow(() -> new GrantNotFoundException(grantId));
    }

    public List<Grant> findByOwner(String ownerId) {
        return grants.findByOwner(ownerId);
    }

    // ---- called by the process ------------------------------------------------------------------------------------

    /** Records the risk table's answer for this version of the grant, once. */
    public void recordAssessment(String grantId, int version, String confirmation, String level, String reason) {
        tx.executeWithoutResult(status -> {
            var grant = grants.findForUpdate(grantId).orElseThrow(() -> new GrantNotFoundException(grantId));
            if (grant.version() != version || grants.assessed(grantId, version)) {
                LOG.info("Grant {} assessment of version {} skipped (current version {})", grantId, version, grant.version());
                return;
            }
            grants.setAssessment(grantId, version, level, reason, "OWNER".equals(confirmation) && grant.state() == GrantState.REQUESTED);
            audit.record(DECISION_ACTOR, "RISK_ASSESSED", grant.thingId(), grantId,
                    "version " + version + ": " + confirmation + ", risk " + level + ", " + reason);
        });
    }

    /** Authorizes the grant version the process approved; a later version or a revoked grant stays as it is. */
    public void recordActivation(String grantId, int version) {
        transition(grantId, version, GrantState.REQUESTED, GrantState.AUTHORIZED, PROCESS_ACTOR, "ACTIVATED", null);
    }

    public void recordRejection(String grantId, int version, String reason, String actor) {
        transition(grantId, version, GrantState.REQUESTED, GrantState.REJECTED, actor, "REJECTED", reason);
    }

    public void recordSuspension(String grantId, String reason) {
        transition(grantId, null, GrantState.AUTHORIZED, GrantState.SUSPENDED, PROCESS_ACTOR, "SUSPENDED", reason);
    }

    public void recordResumption(String grantId, String resumedBy) {
        transition(grantId, null, GrantState.SUSPENDED, GrantState.AUTHORIZED, resumedBy, "RESUMED", null);
    }

    /** The validity window ended: an open grant expires. */
    public void recordExpiry(String grantId) {
        tx.executeWithoutResult(status -> {
            var grant = grants.findForUpdate(grantId).orElseThrow(() -> new GrantNotFoundException(grantId));
            if (!grant.state().isOpen()) {
                return;
            }
            grants.setState(grantId, GrantState.EXPIRED, "validity window ended " + grant.limits().validUntil());
            audit.record(PROCESS_ACTOR, "EXPIRED", grant.thingId(), grantId, "validity window ended " + grant.limits().validUntil());
            inbox.closeAll(GrantProcess.PROCESS_ID, grantId, "cancelled: grant expired");
        });
        LOG.info("Grant {} expired", grantId);
    }

    /** The process ends a revoked grant; the database was revoked already by {@link #revoke}. */
    public void recordRevocation(String grantId, String revokedBy) {
        tx.executeWithoutResult(status -> {
            var grant = grants.findForUpdate(grantId).orElseThrow(() -> new GrantNotFoundException(grantId));
            if (grant.state().isOpen()) {
                grants.setState(grantId, GrantState.REVOKED, "revoked by " + revokedBy);
                audit.record(revokedBy, "REVOKED", grant.thingId(), grantId, "through the process");
            }
            inbox.closeAll(GrantProcess.PROCESS_ID, grantId, "cancelled: grant revoked");
        });
    }

    private void transition(String grantId, Integer version, GrantState from, GrantState to, String actor, String action,
            String reason) {
        tx.executeWithoutResult(status -> {
            var grant = grants.findForUpdate(grantId).orElseThrow(() -> new GrantNotFoundException(grantId));
            if (grant.state() == to && (version == null || grant.version() == version)) {
                return;
            }
            if (grant.state() != from || (version != null && grant.version() != version)) {
                LOG.info("Grant {} is {} version {}: {} for version {} changes nothing", grantId, grant.state(),
                        grant.version(), action, version);
                return;
            }
            grants.setState(grantId, to, reason);
            audit.record(actor, action, grant.thingId(), grantId, reason);
        });
        LOG.info("Grant {} {} by {}", grantId, action, actor);
    }

    private Grant requireOwnedForUpdate(String ownerId, String grantId) {
        return grants.findForUpdate(grantId).filter(g -> g.ownerId().equals(ownerId))
                .orElseThrow(() -> new GrantNotFoundException(grantId));
    }

    private GrantLimits withDefaultStart(GrantLimits limits) {
        if (limits.validFrom() != null) {
            return limits;
        }
        return new GrantLimits(limits.currency(), limits.allowedCounterparties(), limits.allowedMerchantCategories(),
                limits.maxPerTransactionMinor(), limits.dailyLimitMinor(), limits.weeklyLimitMinor(),
                limits.monthlyLimitMinor(), limits.maxPayments(), limits.maxPaymentsPeriod(),
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                limits.validUntil());
    }

    static String describe(GrantLimits l) {
        var text = new StringBuilder();
        text.append(l.currency()).append(" max ").append(l.maxPerTransactionMinor()).append(" per payment");
        if (l.dailyLimitMinor() != null) {
            text.append(", ").append(l.dailyLimitMinor()).append(" a day");
        }
        if (l.weeklyLimitMinor() != null) {
            text.append(", ").append(l.weeklyLimitMinor()).append(" a week");
        }
        if (l.monthlyLimitMinor() != null) {
            text.append(", ").append(l.monthlyLimitMinor()).append(" a month");
        }
        if (l.maxPayments() != null) {
            text.append(", ").append(l.maxPayments()).append(" payments a ").append(l.maxPaymentsPeriod().name().toLowerCase());
        }
        text.append("; counterparties ").append(l.allowedCounterparties())
                .append(", merchant categories ").append(l.allowedMerchantCategories())
                .append("; valid ").append(l.validFrom()).append(" to ").append(l.validUntil());
        return text.toString();
    }
}
