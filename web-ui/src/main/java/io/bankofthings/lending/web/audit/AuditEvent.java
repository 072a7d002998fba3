package io.bankofthings.lending.web.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One audited action.
 *
 * @param processInstanceKey the process instance the action touched; null when it touched none
 * @param outcome DONE when the action took effect, REFUSED when it was refused (the detail says why)
 */
public record AuditEvent(
        long id,
        Instant at,
        String actor,
        String action,
        String subjectType,
        String subjectId,
        Long processInstanceKey,
        String outcome,
        Map<String, Object> detail) {

    public static final String DONE = "DONE";
    public static final String REFUSED = "REFUSED";
}
