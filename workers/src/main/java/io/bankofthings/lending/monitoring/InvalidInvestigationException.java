package io.bankofthings.lending.monitoring;

/** An investigation decision with an outcome other than CLEAR or CONFIRM, or a note that is too long. */
public class InvalidInvestigationException extends RuntimeException {

    private final String field;

    public InvalidInvestigationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
