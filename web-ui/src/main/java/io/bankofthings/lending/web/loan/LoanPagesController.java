package io.bankofthings.lending.web.loan;

import io.bankofthings.lending.loan.ApplicantType;
import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.DeviceType;
import io.bankofthings.lending.loan.DuplicateCollateralException;
import io.bankofthings.lending.loan.InvalidLoanApplicationException;
import io.bankofthings.lending.loan.InvalidRepaymentException;
import io.bankofthings.lending.loan.LoanApplication;
import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.loan.LoanApplications;
import io.bankofthings.lending.loan.LoanLifecycleService;
import io.bankofthings.lending.loan.LoanStateConflictException;
import io.bankofthings.lending.loan.LoanStatus;
import io.bankofthings.lending.loan.RepaymentService;
import io.bankofthings.lending.loan.RepaymentType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Borrower portal pages: apply, list own applications, follow one application's timeline, answer the offer, see the
 * schedule and make a repayment.
 */
@Controller
class LoanPagesController {

    private final LoanApplicationService loans;
    private final LoanApplications applications;
    private final LoanAccess access;
    private final LoanLifecycleService lifecycle;
    private final RepaymentService repayments;
    private final io.bankofthings.lending.monitoring.Alerts alerts;

    LoanPagesController(LoanApplicationService loans, LoanApplications applications, LoanAccess access,
            LoanLifecycleService lifecycle, RepaymentService repayments, io.bankofthings.lending.monitoring.Alerts alerts) {
        this.alerts = alerts;
        this.loans = loans;
        this.applications = applications;
        this.access = access;
        this.lifecycle = lifecycle;
        this.repayments = repayments;
    }

    private static void choices(Model model) {
        model.addAttribute("kinds", CollateralKind.values());
        model.addAttribute("applicantTypes", ApplicantType.values());
        model.addAttribute("repaymentTypes", RepaymentType.values());
        model.addAttribute("deviceTypes", DeviceType.values());
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal OidcUser user, Model model) {
        model.addAttribute("applications", applications.findByBorrower(user.getSubject()));
        return "loans/list";
    }

    @GetMapping("/loans/new")
    @PreAuthorize("hasRole('borrower')")
    String newApplication(Model model) {
        model.addAttribute("form", new LoanApplicationForm());
        choices(model);
        return "loans/new";
    }

    @PostMapping("/loans")
    @PreAuthorize("hasRole('borrower')")
    String submit(@AuthenticationPrincipal OidcUser user, @ModelAttribute("form") LoanApplicationForm form,
            BindingResult binding, Model model) {
        choices(model);
        if (binding.hasErrors()) {
            return "loans/new";
        }
        try {
            var application = loans.submit(form.toApplication(user.getSubject(), user.getPreferredUsername()));
            return "redirect:/loans/" + application.loanId();
        } catch (InvalidLoanApplicationException e) {
            e.errors().forEach(error -> binding.rejectValue(LoanApplicationForm.formField(error.field()), "invalid", error.message()));
            return "loans/new";
        } catch (DuplicateCollateralException e) {
            binding.rejectValue("assetIdentifier", "duplicate",
                    "already secures another live application or loan: " + String.join(", ", e.claims()));
            return "loans/new";
        }
    }

    @GetMapping("/loans/{loanId}")
    String detail(@PathVariable String loanId, @AuthenticationPrincipal OidcUser user, Authentication authentication, Model model) {
        var loan = access.readable(loanId, user.getSubject(), authentication);
        detailModel(loan, user, model);
        return "loans/detail";
    }

    private void detailModel(LoanApplication loan, OidcUser user, Model model) {
        String loanId = loan.loanId();
        model.addAttribute("loan", loan);
        model.addAttribute("history", applications.history(loanId));
        if (loan.status().isFunded()) {
            model.addAttribute("schedule", repayments.schedule(loanId));
        }
        // what post-loan monitoring saw of the collateral, newest first
        model.addAttribute("alerts", alerts.ofLoan(loanId));
        boolean ownLoan = loan.borrowerId().equals(user.getSubject());
        model.addAttribute("ownLoan", ownLoan);
        // a new key for every rendering of the form: submitting this one form twice books one repayment
        if (ownLoan && loan.status() == LoanStatus.DISBURSED && !model.containsAttribute("repayment")) {
            model.addAttribute("repayment", RepaymentForm.fresh());
        }
    }

    /**
     * Books a repayment from the loan page, once per form (its idempotency key); the borrower only. Bad input comes
     * back on the page next to the amount with nothing booked; a booked (or repeated) repayment redirects to the page,
     * which shows the new schedule and balance.
     */
    @PostMapping("/loans/{loanId}/repayments")
    @PreAuthorize("hasRole('borrower')")
    String repay(@PathVariable String loanId, @ModelAttribute("repayment") RepaymentForm form, BindingResult binding,
            @AuthenticationPrincipal OidcUser user, Authentication authentication, Model model,
            RedirectAttributes redirect) {
        var loan = access.own(loanId, user.getSubject(), authentication, "pays");
        Long amountMinor = form.amountMinor(binding);
        if (!binding.hasErrors()) {
            // the service checks the balance under the loan's lock, after finding a repeat of this form's key
            try {
                var receipt = repayments.repay(loanId, form.getIdempotencyKey(), amountMinor, user.getPreferredUsername());
                redirect.addFlashAttribute("notice", (receipt.replayed() ? "This repayment was already booked: " : "Repayment booked: ")
                        + RepaymentForm.display(receipt.amountMinor(), loan.currency()) + " (principal "
                        + RepaymentForm.display(receipt.principalMinor(), loan.currency()) + ", interest "
                        + RepaymentForm.display(receipt.interestMinor(), loan.currency()) + "); outstanding "
                        + RepaymentForm.display(receipt.outstandingMinor(), loan.currency()) + ".");
                return "redirect:/loans/" + loanId;
            } catch (InvalidRepaymentException e) {
                e.errors().forEach(error -> {
                    if (error.field().equals("amountMinor")) {
                        binding.rejectValue("amount", "invalid", amountError(loan, amountMinor, error.message()));
                    } else {
                        binding.reject("invalid", "This form cannot be sent again (" + error.message() + "): reload the page");
                    }
                });
            } catch (LoanStateConflictException e) {
                binding.reject("conflict", e.getMessage());
            }
        }
        detailModel(applications.find(loanId).orElse(loan), user, model);
        return "loans/detail";
    }

    /** The service's reason for refusing {@code amountMinor}, with an overpayment told in major units. */
    private String amountError(LoanApplication loan, long amountMinor, String reason) {
        long outstanding = repayments.schedule(loan.loanId()).outstandingMinor();
        if (amountMinor <= outstanding) {
            return reason;
        }
        return "must be at most the outstanding " + RepaymentForm.display(outstanding, loan.currency()) + ", was "
                + RepaymentForm.display(amountMinor, loan.currency());
    }

    @PostMapping("/loans/{loanId}/offer/{answer}")
    @PreAuthorize("hasRole('borrower')")
    String answer(@PathVariable String loanId, @PathVariable String answer, @AuthenticationPrincipal OidcUser user,
            Authentication authentication, RedirectAttributes redirect) {
        access.own(loanId, user.getSubject(), authentication);
        if (!answer.equals("accept") && !answer.equals("decline")) {
            throw new io.bankofthings.lending.loan.LoanApplicationNotFoundException(loanId);
        }
        try {
            lifecycle.answerOffer(loanId, answer.equals("accept"));
            redirect.addFlashAttribute("notice", answer.equals("accept")
                    ? "Offer accepted: the lien is filed and the loan paid out shortly."
                    : "Offer declined: the application is closed.");
        } catch (LoanStateConflictException e) {
            redirect.addFlashAttribute("notice", e.getMessage());
        }
        return "redirect:/loans/" + loanId;
    }
}
