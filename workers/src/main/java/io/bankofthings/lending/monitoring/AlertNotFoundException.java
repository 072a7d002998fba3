package io.bankofthings.lending.monitoring;

/** No alert with this id (or none the caller may see). */
public class AlertNotFoundException extends RuntimeException {

    public AlertNotFoundException(String alertId) {
        super("No alert " + alertId);
    }
}
