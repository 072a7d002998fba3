package io.bankofthings.lending.grant;

import java.time.Instant;

/** A registered thing; {@code account} is its virtual ledger account, funded from {@code ownerAccount}. */
public record Thing(
        String thingId,
        String ownerId,
        OwnerType ownerType,
        ThingKind kind,
        String serial,
        String displayName,
        String status,
        String account,
        String ownerAccount,
        Instant createdAt) {

    public boolean active() {
        return "ACTIVE".equals(status);
    }
}
