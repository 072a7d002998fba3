package io.bankofthings.lending.ledger;

/** The outcome of {@link Ledger#post}: the transaction id and whether this call created it. */
public record PostingResult(long transactionId, boolean created) {}
