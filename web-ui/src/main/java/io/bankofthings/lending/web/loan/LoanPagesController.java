package io.bankofthings.lending.web.loan;

import io.bankofthings.lending.loan.CollateralKind;
import io.bankofthings.lending.loan.InvalidLoanApplicationException;
import io.bankofthings.lending.loan.LoanApplicationService;
import io.bankofthings.lending.loan.LoanApplications;
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

/** Borrower portal pages: apply, list own applications, follow one application's timeline. */
@Controller
class LoanPagesController {

    private final LoanApplicationService loans;
    private final LoanApplications applications;
    private final LoanAccess access;

    LoanPagesController(LoanApplicationService loans, LoanApplications applications, LoanAccess access) {
        this.loans = loans;
        this.applications = applications;
        this.access = access;
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
        model.addAttribute("kinds", CollateralKind.values());
        return "loans/new";
    }

    @PostMapping("/loans")
    @PreAuthorize("hasRole('borrower')")
    String submit(@AuthenticationPrincipal OidcUser user, @ModelAttribute("form") LoanApplicationForm form,
            BindingResult binding, Model model) {
        model.addAttribute("kinds", CollateralKind.values());
        if (binding.hasErrors()) {
            return "loans/new";
        }
        try {
            var application = loans.submit(form.toApplication(user.getSubject(), user.getPreferredUsername()));
            return "redirect:/loans/" + application.loanId();
        } catch (InvalidLoanApplicationException e) {
            e.errors().forEach(error -> binding.rejectValue(LoanApplicationForm.formField(error.field()), "invalid", error.message()));
            return "loans/new";
        }
    }

    @GetMapping("/loans/{loanId}")
    String detail(@PathVariable String loanId, @AuthenticationPrincipal OidcUser user, Authentication authentication, Model model) {
        model.addAttribute("loan", access.readable(loanId, user.getSubject(), authentication));
        model.addAttribute("history", applications.history(loanId));
        return "loans/detail";
    }
}
