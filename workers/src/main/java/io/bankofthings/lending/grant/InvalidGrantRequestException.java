package io.bankofthings.lending.grant;

import io.bankofthings.lending.loan.FieldError;
import java.util.List;

/** A thing registration, grant or payment request refused before anything was stored, with every reason by field. */
public class InvalidGrantRequestException extends RuntimeException {

    private final String summary;
    private final List<FieldError> errors;

    public InvalidGrantRequestException(String summary, List<FieldError> errors) {
        super(summary + ": " + errors);
        this.summary = summary;
        this.errors = List.copyOf(errors);
    }

    public String summary() {
        return summary;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
