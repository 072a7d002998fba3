package io.bankofthings.lending.ledger;

import java.time.Instant;

/** A posted ledger transaction, as read back. */
public record LedgerTransaction(
        long transactionId, String idempotencyKey, String kind, String reference, String description, Instant postedAt) {}
