package io.bankofthings.lending.readmodel;

import java.time.Instant;

/**
 * A search over process instances; every criterion is optional (null) and they combine with AND.
 *
 * @param processId the BPMN process id, e.g. chattel-mortgage-loan
 * @param businessKey a value of any business key (loanId, grantId, thingId, collateralId), matched exactly
 * @param startedFrom started at or after, inclusive
 * @param startedTo started before, exclusive
 * @param hasIncident true for instances with an active incident, false for those without
 * @param limit at most this many rows, 1 to {@link #MAX_LIMIT}
 * @param offset rows to skip, newest first
 */
public record ProcessInstanceFilter(
        String processId,
        ProcessInstanceState state,
        String businessKey,
        Instant startedFrom,
        Instant startedTo,
        Boolean hasIncident,
        int limit,
        int offset) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public ProcessInstanceFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
    }

    public static ProcessInstanceFilter all() {
        return new ProcessInstanceFilter(null, null, null, null, null, null, DEFAULT_LIMIT, 0);
    }

    public static ProcessInstanceFilter byBusinessKey(String businessKey) {
        return new ProcessInstanceFilter(null, null, businessKey, null, null, null, DEFAULT_LIMIT, 0);
    }
}
