package io.bankofthings.lending.web.loan;

import io.bankofthings.lending.loan.LoanApplication;
import io.bankofthings.lending.loan.LoanApplicationNotFoundException;
import io.bankofthings.lending.loan.LoanApplications;
import java.util.Set;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Who may read and act on which loan: a borrower only their own, staff read every one. An application the caller may
 * not see is reported as not found, so its existence does not leak; staff acting in the borrower's place (accepting an
 * offer) is forbidden.
 */
@Component
class LoanAccess {

    static final Set<String> STAFF = Set.of("ROLE_underwriter", "ROLE_operator", "ROLE_admin");
    static final Set<String> OPERATIONS = Set.of("ROLE_operator", "ROLE_admin");

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

    /** The borrower's own loan; 403 for staff who can see it, 404 for everyone else. */
    LoanApplication own(String loanId, String userId, Authentication authentication) {
        return own(loanId, userId, authentication, "answers the offer of");
    }

    /** The borrower's own loan for the borrower's {@code action} (named in the 403); 404 for everyone who cannot see it. */
    LoanApplication own(String loanId, String userId, Authentication authentication, String action) {
        var application = readable(loanId, userId, authentication);
        if (!application.borrowerId().equals(userId)) {
            throw new AccessDeniedException("Only the borrower " + action + " loan " + loanId);
        }
        return application;
    }

    /** The borrower's own loan, or any loan for operations (who book payments received by transfer); 403/404 otherwise. */
    LoanApplication payable(String loanId, String userId, Authentication authentication) {
        var application = readable(loanId, userId, authentication);
        boolean operations = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(OPERATIONS::contains);
        if (!application.borrowerId().equals(userId) && !operations) {
            throw new AccessDeniedException("Only the borrower or operations pay loan " + loanId);
        }
        return application;
    }

    static boolean isStaff(Authentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(STAFF::contains);
    }
}
