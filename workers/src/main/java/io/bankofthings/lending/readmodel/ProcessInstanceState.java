package io.bankofthings.lending.readmodel;

/** The state of a process or element instance in the read model. */
public enum ProcessInstanceState {
    ACTIVE,
    COMPLETED,
    /** Cancelled by an operator or ended by an interrupting event. */
    TERMINATED
}
