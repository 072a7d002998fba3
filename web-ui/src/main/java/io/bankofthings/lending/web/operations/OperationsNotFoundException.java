package io.bankofthings.lending.web.operations;

/** The read model knows no process instance or incident with that key. */
public class OperationsNotFoundException extends RuntimeException {

    public OperationsNotFoundException(String message) {
        super(message);
    }
}
