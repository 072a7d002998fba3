package io.bankofthings.lending.web.underwriting;

/** The application is not waiting for an underwriter (decided already, or its review task is not open). */
public class TaskNotOpenException extends RuntimeException {

    public TaskNotOpenException(String message) {
        super(message);
    }
}
