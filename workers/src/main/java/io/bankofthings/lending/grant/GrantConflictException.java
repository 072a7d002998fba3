package io.bankofthings.lending.grant;

/**
 * The request is valid but clashes with the current state: a thing already registered, a second open grant, a
 * change to a revoked grant, an idempotency key reused for a different payment.
 */
public class GrantConflictException extends RuntimeException {

    public GrantConflictException(String message) {
        super(message);
    }
}
