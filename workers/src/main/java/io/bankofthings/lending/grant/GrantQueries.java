package io.bankofthings.lending.grant;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import org.springframework.stereotype.Service;

/** Read side for owners: grants with their remaining limits and payments, and the audit trail. */
@Service
public class GrantQueries {

    static final int PAYMENTS_SHOWN = 200;

    private final GrantService grants;
    private final Payments payments;
    private final GrantAudit audit;
    private final ThingRegistry things;
    private final Clock clock;

    public GrantQueries(GrantService grants, Payments payments, GrantAudit audit, ThingRegistry things, Clock clock) {
        this.grants = grants;
        this.payments = payments;
        this.audit = audit;
        this.things = things;
        this.clock = clock;
    }

    public GrantOverview overview(String ownerId, String grantId) {
        return overviewOf(grants.requireOwned(ownerId, grantId));
    }

    public List<GrantOverview> overviews(String ownerId) {
        return grants.findByOwner(ownerId).stream().map(this::overviewOf).toList();
    }

    public List<GrantAudit.Entry> grantTrail(String ownerId, String grantId) {
        grants.requireOwned(ownerId, grantId);
        return audit.forGrant(grantId);
    }

    public List<GrantAudit.Entry> thingTrail(String ownerId, String thingId) {
        things.requireOwned(ownerId, thingId);
        return audit.forThing(thingId);
    }

    GrantOverview overviewOf(Grant grant) {
        var usage = payments.usage(grant.grantId(), PaymentAuthorizer.day(clock.instant()));
        var remaining = new EnumMap<Period, GrantOverview.Remaining>(Period.class);
        var limits = grant.limits();
        for (Period period : Period.values()) {
            var used = usage.get(period);
            Long limit = limits.amountLimit(period);
            Integer paymentsLeft = period == limits.maxPaymentsPeriod() ? Math.max(0, limits.maxPayments() - used.count()) : null;
            remaining.put(period, new GrantOverview.Remaining(
                    limit == null ? null : Math.max(0, limit - used.amountMinor()), paymentsLeft, used.amountMinor(), used.count()));
        }
        return new GrantOverview(grant, remaining, payments.forGrant(grant.grantId(), PAYMENTS_SHOWN));
    }
}
