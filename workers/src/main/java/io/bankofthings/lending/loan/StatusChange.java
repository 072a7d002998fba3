package io.bankofthings.lending.loan;

import java.time.Instant;

/** One entry of an application's timeline: who moved it to which status, when and why. */
public record StatusChange(LoanStatus status, String detail, String actor, Instant at) {}
