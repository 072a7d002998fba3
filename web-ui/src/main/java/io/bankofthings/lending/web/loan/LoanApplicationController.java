package io.bankofthings.lending.web.loan;

import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.loan.LoanLifecycleService;
import io.bankofthings.lending.loan.LoanSchedule;
import io.bankofthings.lending.loan.RepaymentReceipt;
import io.bankofthings.lending.loan.RepaymentService;
import io.bankofthings.lending.loan.StatusChange;
import io.bankofthings.lending.web.audit.Actor;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Loan applications and loans for borrowers (their own) and staff (all), over the JWT-protected API: apply, follow
 * every state change, answer the offer, read the schedule and balance, repay and pay off early.
 */
@RestController
@RequestMapping("/api/loan-applications")
class LoanApplicationController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final LoanApplicationService loans;
    private final LoanLifecycleService lifecycle;
    private final RepaymentService repayments;
    private final LoanApplications applications;
    private final LoanAccess access;

    LoanApplicationController(LoanApplicationService loans, LoanLifecycleService lifecycle, RepaymentService repayments,
            LoanApplications applications, LoanAccess access) {
        this.loans = loans;
        this.lifecycle = lifecycle;
        this.repayments = repayments;
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

    /** Every status change of the application and loan, oldest first. */
    @GetMapping("/{loanId}/history")
    List<StatusChange> history(@PathVariable String loanId, @AuthenticationPrincipal Jwt jwt, Authentication authentication) {
        access.readable(loanId, jwt.getSubject(), authentication);
        return applications.history(loanId);
    }

    /** The borrower accepts the open offer; the process records it and goes on to the lien and the disbursement. */
    @PostMapping("/{loanId}/offer/accept")
    ResponseEntity<Map<String, Object>> accept(@PathVariable String loanId, @AuthenticationPrincipal Jwt jwt,
            Authentication authentication) {
        access.own(loanId, jwt.getSubject(), authentication);
        lifecycle.answerOffer(loanId, true);
        return ResponseEntity.accepted().body(Map.of("loanId", loanId, "offerAccepted", true));
    }

    /** The borrower declines the open offer; the process closes the application. */
    @PostMapping("/{loanId}/offer/decline")
    ResponseEntity<Map<String, Object>> decline(@PathVariable String loanId, @AuthenticationPrincipal Jwt jwt,
            Authentication authentication) {
        access.own(loanId, jwt.getSubject(), authentication);
        lifecycle.answerOffer(loanId, false);
        return ResponseEntity.accepted().body(Map.of("loanId", loanId, "offerAccepted", false));
    }

    /** The repayment schedule with days past due, and the balance. */
    @GetMapping("/{loanId}/schedule")
    LoanSchedule schedule(@PathVariable String loanId, @AuthenticationPrincipal Jwt jwt, Authentication authentication) {
        access.readable(loanId, jwt.getSubject(), authentication);
        return repayments.schedule(loanId);
    }

    record RepaymentRequest(Long amountMinor) {}

    /** Books a repayment once per {@code Idempotency-Key}: 201 when booked, 200 with the first receipt on a repeat. */
    @PostMapping("/{loanId}/repayments")
    ResponseEntity<RepaymentReceipt> repay(@PathVariable String loanId,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key, @RequestBody RepaymentRequest request,
            @AuthenticationPrincipal Jwt jwt, Authentication authentication) {
        access.payable(loanId, jwt.getSubject(), authentication);
        var receipt = repayments.repay(loanId, key, request.amountMinor() == null ? 0 : request.amountMinor(),
                Actor.username(authentication));
        return ResponseEntity.status(receipt.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(receipt);
    }

    /** What paying the loan off today costs: open principal plus interest already due. */
    @GetMapping("/{loanId}/payoff")
    Map<String, Object> payoffQuote(@PathVariable String loanId, @AuthenticationPrincipal Jwt jwt, Authentication authentication) {
        var application = access.readable(loanId, jwt.getSubject(), authentication);
        return Map.of("loanId", loanId, "payoffMinor", repayments.payoffAmount(loanId), "currency", application.currency());
    }

    /** Closes the loan early by paying the payoff amount, once per {@code Idempotency-Key}. */
    @PostMapping("/{loanId}/payoff")
    ResponseEntity<RepaymentReceipt> payoff(@PathVariable String loanId,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key, @AuthenticationPrincipal Jwt jwt,
            Authentication authentication) {
        access.payable(loanId, jwt.getSubject(), authentication);
        var receipt = repayments.payoff(loanId, key, Actor.username(authentication));
        return ResponseEntity.status(receipt.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(receipt);
    }
}
