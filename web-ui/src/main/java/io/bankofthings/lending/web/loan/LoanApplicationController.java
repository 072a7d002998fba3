package io.bankofthings.lending.web.loan;

import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.loan.StatusChange;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Loan applications for borrowers (their own) and staff (all), over the JWT-protected API. */
@RestController
@RequestMapping("/api/loan-applications")
class LoanApplicationController {

    private final LoanApplicationService loans;
    private final LoanApplications applications;
    private final LoanAccess access;

    LoanApplicationController(LoanApplicationService loans, LoanApplications applications, LoanAccess access) {
        this.loans = loans;
        this.applications = applications;
        this.access = access;
    }

    /** Accepts an application; the decision follows asynchronously, so the answer is 202 with its location. */
    @PostMapping
    @PreAuthorize("hasRole('borrower')")
    ResponseEntity<LoanApplicationView> submit(@AuthenticationPrincipal Jwt jwt, @RequestBody LoanApplicationRequest request) {
        var application = loans.submit(request.toApplication(jwt.getSubject(), jwt.getClaimAsString("preferred_username")));
        return ResponseEntity.accepted()
                .location(URI.create("/api/loan-applications/" + application.loanId()))
                .body(LoanApplicationView.of(application));
    }

    /** The caller's own applications, newest first. */
    @GetMapping
    List<LoanApplicationView> mine(@AuthenticationPrincipal Jwt jwt) {
        return applications.findByBorrower(jwt.getSubject()).stream().map(LoanApplicationView::of).toList();
    }

    @GetMapping("/{loanId}")
    LoanApplicationView one(@PathVariable String loanId, @AuthenticationPrincipal Jwt jwt, Authentication authentication) {
        return LoanApplicationView.of(access.readable(loanId, jwt.getSubject(), authentication));
    }

    /** Every status change of the application, oldest first. */
    @GetMapping("/{loanId}/history")
    List<StatusChange> history(@PathVariable String loanId, @AuthenticationPrincipal Jwt jwt, Authentication authentication) {
        access.readable(loanId, jwt.getSubject(), authentication);
        return applications.history(loanId);
    }
}
