package io.bankofthings.lending.kyc;

/** The outcome of the identity check: passed, or refused with a reason that names no identity number. */
public record IdentityCheckResult(boolean passed, String reason) {}
