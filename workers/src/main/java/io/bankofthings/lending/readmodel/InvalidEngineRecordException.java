package io.bankofthings.lending.readmodel;

/** A record that cannot be projected because a field the read model needs is missing or has the wrong type. */
public class InvalidEngineRecordException extends RuntimeException {

    public InvalidEngineRecordException(String message) {
        super(message);
    }
}
