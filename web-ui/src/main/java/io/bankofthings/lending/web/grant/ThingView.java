package io.bankofthings.lending.web.grant;

import io.bankofthings.lending.grant.Thing;
import java.time.Instant;

/** A thing as its owner sees it; {@code credential} is filled only in the answer to the registration. */
public record ThingView(
        String thingId, String ownerType, String kind, String serial, String displayName, String status, String account,
        String ownerAccount, Instant createdAt, String credential) {

    static ThingView of(Thing t, String credential) {
        return new ThingView(t.thingId(), t.ownerType().name(), t.kind().name(), t.serial(), t.displayName(), t.status(),
                t.account(), t.ownerAccount(), t.createdAt(), credential);
    }
}
