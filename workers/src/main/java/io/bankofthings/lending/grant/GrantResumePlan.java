package io.bankofthings.lending.grant;

import io.bankofthings.lending.processes.GrantProcess;
import io.bankofthings.lending.resume.ResumePoint;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where an open grant whose process instance was lost (the in-memory engine restarted) starts again, read from its
 * durable state, with the variables {@link GrantEngine#variables} gives a new grant. Both timers of the process fire
 * at the grant's stored {@code validUntil} (a date, not a duration), so a resumed grant keeps its deadline and one
 * whose window ended while the application was down expires at once. Every step a new instance runs again is
 * idempotent:
 *
 * <ul>
 *   <li>REQUESTED awaiting the owner's confirmation (the risk table said OWNER for the current version): the
 *       confirmation user task again, with the recorded assessment as {@code risk};
 *   <li>REQUESTED otherwise (new, or re-authorization after a change of limits): the risk assessment (the table is
 *       evaluated again; its answer for a version already recorded is not recorded twice);
 *   <li>AUTHORIZED: the active grant, waiting for a risk warning or a change of limits;
 *   <li>SUSPENDED: waiting for the owner to resume it or change its limits.
 * </ul>
 * Revocation is an event sub-process and works from every one of these. Final grants (REJECTED, REVOKED, EXPIRED)
 * resume nowhere. Payments never run through the process: they are checked against PostgreSQL only, so a resumed grant
 * cannot repeat one.
 */
public final class GrantResumePlan {

    private GrantResumePlan() {}

    /** The element a grant in this state resumes before; empty for a final state. */
    public static Optional<String> elementFor(GrantState state, boolean awaitingConfirmation) {
        return Optional.ofNullable(switch (state) {
            case REQUESTED -> awaitingConfirmation ? GrantProcess.ELEMENT_CONFIRM : GrantProcess.ELEMENT_ASSESS_RISK;
            case AUTHORIZED -> GrantProcess.ELEMENT_ACTIVE;
            case SUSPENDED -> GrantProcess.ELEMENT_AWAIT_RESUMPTION;
            case REJECTED, REVOKED, EXPIRED -> null;
        });
    }

    /** Where this grant of a thing of this kind resumes and with which variables; empty for a final grant. */
    public static Optional<ResumePoint> resumePoint(Grant grant, ThingKind kind) {
        return elementFor(grant.state(), grant.awaitingConfirmation()).map(element -> {
            var variables = new HashMap<>(GrantEngine.variables(grant, kind));
            if (element.equals(GrantProcess.ELEMENT_CONFIRM)) {
                var risk = new HashMap<String, Object>();
                risk.put("confirmation", "OWNER");
                risk.put("level", grant.riskLevel());
                risk.put("reason", grant.riskReason());
                variables.put("risk", risk);
            }
            return new ResumePoint(element, Map.copyOf(variables));
        });
    }
}
