package io.bankofthings.lending.web.operations;

/** An operator action that cannot take effect in the current state (already resolved, no longer active, ...). */
public class OperationRefusedException extends RuntimeException {

    public OperationRefusedException(String message) {
        super(message);
    }
}
