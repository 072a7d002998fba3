package io.bankofthings.lending.web.operations;

/**
 * Retry of an incident.
 *
 * @param retries retries the job gets back, 1 to 10; null means 1
 * @param reason why the operator retries (3 to 500 characters), kept in the audit trail; optional
 */
public record RetryIncidentRequest(Integer retries, String reason) {}
