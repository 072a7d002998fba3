package io.bankofthings.lending.web.operations;

/**
 * What an operator action did; the read model shows the effect once the engine's records are projected.
 *
 * @param action RETRY_INCIDENT or CANCEL_INSTANCE
 * @param incidentKey the retried incident, null for a cancellation
 * @param jobKey the job whose retries were set, null when none
 */
public record OperatorActionResult(
        String action, long processInstanceKey, Long incidentKey, Long jobKey, Integer retries, String actor) {}
