package io.bankofthings.lending.loan;

/** No loan application with this id is visible to the caller. */
public class LoanApplicationNotFoundException extends RuntimeException {

    public LoanApplicationNotFoundException(String loanId) {
        super("No loan application " + loanId);
    }
}
