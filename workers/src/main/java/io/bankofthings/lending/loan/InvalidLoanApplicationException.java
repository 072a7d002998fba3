package io.bankofthings.lending.loan;

import java.util.List;

/** A loan application refused before anything was stored, with every reason field by field. */
public class InvalidLoanApplicationException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidLoanApplicationException(List<FieldError> errors) {
        super("Invalid loan application: " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
