package io.bankofthings.lending.monitoring;

/** The alert has no open investigation (never opened, already decided, or the loan closed). */
public class InvestigationNotOpenException extends RuntimeException {

    public InvestigationNotOpenException(String alertId, String status) {
        super("Alert " + alertId + " has no open investigation (status " + status + ")");
    }
}
