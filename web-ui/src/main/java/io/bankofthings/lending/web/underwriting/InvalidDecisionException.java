package io.bankofthings.lending.web.underwriting;

import io.bankofthings.lending.loan.FieldError;
import java.util.List;

/** An underwriter decision refused field by field before the engine was called. */
public class InvalidDecisionException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidDecisionException(List<FieldError> errors) {
        super("Invalid decision: " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
