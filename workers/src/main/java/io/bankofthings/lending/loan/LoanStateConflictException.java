package io.bankofthings.lending.loan;

/** The request does not fit the loan's current state (e.g. accepting an offer that is not open, repaying a closed loan). */
public class LoanStateConflictException extends RuntimeException {

    public LoanStateConflictException(String message) {
        super(message);
    }
}
