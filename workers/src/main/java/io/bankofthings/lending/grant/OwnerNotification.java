package io.bankofthings.lending.grant;

import java.time.Instant;

/** A stored message to a thing's owner, e.g. a risk warning; {@code suspends} when it asked the process to suspend. */
public record OwnerNotification(
        long id, String ownerId, String thingId, String grantId, String kind, String rule, String message, boolean suspends,
        Instant createdAt) {}
