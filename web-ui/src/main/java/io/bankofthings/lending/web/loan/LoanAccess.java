package io.bankofthings.lending.web.loan;

import io.bankofthings.lending.loan.LoanApplication;
import io.bankofthings.lending.loan.LoanApplicationNotFoundException;
import io.bankofthings.lending.loan.LoanApplications;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Who may read which application: a borrower only their own, staff every one. An application the caller may not
 * see is reported as not found, so its existence does not leak.
 */
@Component
class LoanAccess {

    static final Set<String> STAFF = Set.of("ROLE_underwriter", "ROLE_operator", "ROLE_admin");

    private final LoanApplications applications;

    LoanAccess(LoanApplications applications) {
        this.applications = applications;
    }

    LoanApplication readable(String loanId, String userId, Authentication authentication) {
        var application = applications.find(loanId).orElseThrow(() -> new LoanApplicationNotFoundException(loanId));
        if (application.borrowerId().equals(userId) || isStaff(authentication)) {
            return application;
        }
        throw new LoanApplicationNotFoundException(loanId);
    }

    static boolean isStaff(Authentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(STAFF::contains);
    }
}
