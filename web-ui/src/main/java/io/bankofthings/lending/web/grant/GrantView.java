package io.bankofthings.lending.web.grant;

import io.bankofthings.lending.grant.Grant;
import io.bankofthings.lending.grant.GrantLimits;
import io.bankofthings.lending.grant.GrantOverview;
import io.bankofthings.lending.grant.Period;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A grant as its owner sees it: state, limits, what is left in each current period and its payments. */
public record GrantView(
        String grantId,
        String thingId,
        String state,
        int version,
        GrantLimits limits,
        String riskLevel,
        String riskReason,
        boolean awaitingConfirmation,
        String stateReason,
        Map<Period, GrantOverview.Remaining> remaining,
        List<PaymentView> payments,
        Instant createdAt,
        Instant updatedAt) {

    static GrantView of(GrantOverview overview) {
        Grant g = overview.grant();
        return new GrantView(g.grantId(), g.thingId(), g.state().name(), g.version(), g.limits(), g.riskLevel(),
                g.riskReason(), g.awaitingConfirmation(), g.stateReason(), overview.remaining(),
                overview.payments().stream().map(PaymentView::of).toList(), g.createdAt(), g.updatedAt());
    }
}
