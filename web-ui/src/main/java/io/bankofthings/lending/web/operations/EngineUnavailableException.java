package io.bankofthings.lending.web.operations;

/** The process engine did not answer; nothing was changed. */
public class EngineUnavailableException extends RuntimeException {

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
