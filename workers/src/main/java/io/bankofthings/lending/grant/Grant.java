package io.bankofthings.lending.grant;

import java.time.Instant;

/** A grant as stored: its owner, the thing, its state, version (raised by every change of limits) and limits. */
public record Grant(
        String grantId,
        String thingId,
        String ownerId,
        GrantState state,
        int version,
        GrantLimits limits,
        String riskLevel,
        String riskReason,
        boolean awaitingConfirmation,
        String stateReason,
        Long processInstanceKey,
        Instant createdAt,
        Instant updatedAt) {

    public boolean validAt(Instant instant) {
        return !instant.isBefore(limits.validFrom()) && instant.isBefore(limits.validUntil());
    }
}
