package io.bankofthings.lending.web.monitoring;

import io.bankofthings.lending.ledger.CreditLineFreezes;
import io.bankofthings.lending.loan.LoanApplicationNotFoundException;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.monitoring.Alert;
import io.bankofthings.lending.monitoring.AlertNotFoundException;
import io.bankofthings.lending.monitoring.Alerts;
import io.bankofthings.lending.monitoring.Investigations;
import io.bankofthings.lending.monitoring.MonitoringAudit;
import io.bankofthings.lending.web.audit.Actor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alerts of post-loan monitoring. Borrowers see the alerts of their own loans; operators, underwriters and admins see
 * all and decide investigations. An alert or loan the caller may not see is reported as not found.
 */
@RestController
class MonitoringApiController {

    static final Set<String> STAFF = Set.of("ROLE_operator", "ROLE_underwriter", "ROLE_admin");

    private final Alerts alerts;
    private final LoanApplications applications;
    private final MonitoringAudit audit;
    private final CreditLineFreezes freezes;
    private final Investigations investigations;

    MonitoringApiController(Alerts alerts, LoanApplications applications, MonitoringAudit audit, CreditLineFreezes freezes,
            Investigations investigations) {
        this.alerts = alerts;
        this.applications = applications;
        this.audit = audit;
        this.freezes = freezes;
        this.investigations = investigations;
    }

    /** The alerts of a loan, newest first. */
    @GetMapping("/api/loan-applications/{loanId}/alerts")
    List<AlertView> ofLoan(@PathVariable String loanId, Authentication authentication) {
        var loan = applications.find(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
        if (!isStaff(authentication) && !loan.borrowerId().equals(authentication.getName())) {
            throw new LoanApplicationNotFoundException(loanId);
        }
        return alerts.ofLoan(loanId).stream().map(AlertView::summary).toList();
    }

    /** One alert with the loan's freeze state and the alert's audit trail. */
    @GetMapping("/api/alerts/{alertId}")
    AlertView one(@PathVariable String alertId, Authentication authentication) {
        var alert = readable(alertId, authentication);
        return AlertView.detail(alert, freezes.isFrozen(alert.loanId()), audit.ofAlert(alertId));
    }

    /** Clears or confirms the alert's open investigation; the process carries out the outcome. */
    @PostMapping("/api/alerts/{alertId}/investigation")
    @PreAuthorize("hasAnyRole('operator','underwriter','admin')")
    ResponseEntity<Map<String, String>> decide(@PathVariable String alertId, @RequestBody InvestigationRequest request,
            Authentication authentication) {
        String by = Actor.username(authentication);
        investigations.decide(alertId, request.outcome(), request.note(), by);
        return ResponseEntity.accepted().body(Map.of("alertId", alertId, "outcome", String.valueOf(request.outcome()),
                "decidedBy", by));
    }

    /** Records that the borrower restored the cover a margin call asked for; the process clears the alert. */
    @PostMapping("/api/alerts/{alertId}/margin-call/met")
    @PreAuthorize("hasAnyRole('operator','underwriter','admin')")
    ResponseEntity<Map<String, String>> marginCallMet(@PathVariable String alertId,
            @RequestBody(required = false) InvestigationRequest request, Authentication authentication) {
        String by = Actor.username(authentication);
        investigations.marginCallMet(alertId, request == null ? null : request.note(), by);
        return ResponseEntity.accepted().body(Map.of("alertId", alertId, "recordedBy", by));
    }

    private Alert readable(String alertId, Authentication authentication) {
        var alert = alerts.find(alertId).orElseThrow(() -> new AlertNotFoundException(alertId));
        if (isStaff(authentication)) {
            return alert;
        }
        var loan = applications.find(alert.loanId());
        if (loan.isEmpty() || !loan.get().borrowerId().equals(authentication.getName())) {
            throw new AlertNotFoundException(alertId);
        }
        return alert;
    }

    private static boolean isStaff(Authentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(STAFF::contains);
    }
}
