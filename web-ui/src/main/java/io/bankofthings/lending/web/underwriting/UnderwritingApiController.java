package io.bankofthings.lending.web.underwriting;

import io.bankofthings.lending.loan.LoanApplication;
import io.bankofthings.lending.web.audit.Actor;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The underwriter task list over REST: the queue of referred applications and a decision on one of them. */
@RestController
@RequestMapping("/api/underwriting")
@PreAuthorize("hasAnyRole('underwriter','admin')")
class UnderwritingApiController {

    private final UnderwritingService underwriting;

    UnderwritingApiController(UnderwritingService underwriting) {
        this.underwriting = underwriting;
    }

    @GetMapping("/tasks")
    List<LoanApplication> queue() {
        return underwriting.queue();
    }

    @PostMapping("/tasks/{loanId}/decision")
    ResponseEntity<Map<String, String>> decide(@PathVariable String loanId, @RequestBody UnderwriterDecision decision,
            Authentication authentication) {
        String underwriter = Actor.username(authentication);
        underwriting.decide(loanId, decision, underwriter);
        return ResponseEntity.accepted().body(Map.of("loanId", loanId, "outcome", decision.outcome(), "decidedBy", underwriter));
    }
}
