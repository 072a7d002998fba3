package io.bankofthings.lending.loan;

import java.util.List;

/** A repayment refused before anything was booked, with every reason field by field. */
public class InvalidRepaymentException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidRepaymentException(List<FieldError> errors) {
        super("Invalid repayment: " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
