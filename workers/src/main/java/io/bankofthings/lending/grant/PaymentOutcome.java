package io.bankofthings.lending.grant;

/** The answer to a payment request; {@code replayed} when it is the stored answer to an earlier request with the same key. */
public record PaymentOutcome(ThingPayment payment, boolean replayed) {}
