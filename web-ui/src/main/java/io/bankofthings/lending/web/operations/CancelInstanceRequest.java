package io.bankofthings.lending.web.operations;

/** Cancellation of a process instance; {@code reason} (3 to 500 characters) is required and audited. */
public record CancelInstanceRequest(String reason) {}
