package io.bankofthings.lending.grant;

/** The process engine did not accept a command; nothing was changed and the caller may try again. */
public class ProcessEngineUnavailableException extends RuntimeException {

    public ProcessEngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
