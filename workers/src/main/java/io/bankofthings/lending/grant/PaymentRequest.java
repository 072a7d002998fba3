package io.bankofthings.lending.grant;

/**
 * A payment a thing asks for, amounts in minor units. {@code idempotencyKey} is the thing's own key for this payment:
 * a retry with the same key returns the first answer and never pays twice.
 */
public record PaymentRequest(
        String idempotencyKey, Long amountMinor, String currency, String counterparty, String merchantCategory,
        String description) {}
