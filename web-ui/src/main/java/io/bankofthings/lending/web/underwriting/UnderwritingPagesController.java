package io.bankofthings.lending.web.underwriting;

import io.bankofthings.lending.web.audit.Actor;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Underwriter pages: the queue of referred applications and the decision form of one application. */
@Controller
@PreAuthorize("hasAnyRole('underwriter','admin')")
class UnderwritingPagesController {

    private final UnderwritingService underwriting;
    private final TelemetryPanels telemetry;

    UnderwritingPagesController(UnderwritingService underwriting, TelemetryPanels telemetry) {
        this.underwriting = underwriting;
        this.telemetry = telemetry;
    }

    private void addApplication(String loanId, Model model) {
        var loan = underwriting.application(loanId);
        model.addAttribute("loan", loan);
        model.addAttribute("telemetry", loan.collateral().stream()
                .flatMap(c -> c.devices().stream().map(io.bankofthings.lending.loan.BoundDevice::deviceId))
                .filter(java.util.Objects::nonNull)
                .distinct()
                .map(telemetry::of)
                .toList());
    }

    @GetMapping("/underwriting")
    String queue(Model model) {
        model.addAttribute("applications", underwriting.queue());
        return "underwriting/queue";
    }

    @GetMapping("/underwriting/{loanId}")
    String form(@PathVariable String loanId, Model model) {
        addApplication(loanId, model);
        return "underwriting/decide";
    }

    @PostMapping("/underwriting/{loanId}")
    String decide(@PathVariable String loanId, @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String reason, Authentication authentication, Model model,
            RedirectAttributes redirect) {
        var decision = new UnderwriterDecision(outcome, reason);
        try {
            underwriting.decide(loanId, decision, Actor.username(authentication));
        } catch (InvalidDecisionException | TaskNotOpenException e) {
            addApplication(loanId, model);
            model.addAttribute("decision", decision);
            model.addAttribute("errors", e instanceof InvalidDecisionException invalid ? invalid.errors() : java.util.List.of());
            model.addAttribute("problem", e instanceof TaskNotOpenException ? e.getMessage() : null);
            return "underwriting/decide";
        }
        redirect.addFlashAttribute("notice", "Application " + loanId + ": " + outcome + " sent; the process records it now.");
        return "redirect:/underwriting";
    }
}
