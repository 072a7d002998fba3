package io.bankofthings.lending.web.operations;

import io.bankofthings.lending.loan.FieldError;
import java.util.List;

/** A search or an action with invalid fields; each error names the field and why. */
public class InvalidOperationsRequestException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidOperationsRequestException(String summary, List<FieldError> errors) {
        super(summary);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
