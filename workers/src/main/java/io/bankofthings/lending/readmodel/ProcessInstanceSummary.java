package io.bankofthings.lending.readmodel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One process instance as the read model knows it.
 *
 * @param businessKeys key name to values, e.g. {@code loanId -> [L-…]}
 * @param activeIncidents incidents not yet resolved
 * @param endedAt null while the instance is active
 */
public record ProcessInstanceSummary(
        long processInstanceKey,
        String processId,
        int version,
        long processDefinitionKey,
        Long parentProcessInstanceKey,
        ProcessInstanceState state,
        Instant startedAt,
        Instant endedAt,
        Map<String, List<String>> businessKeys,
        int activeIncidents) {}
