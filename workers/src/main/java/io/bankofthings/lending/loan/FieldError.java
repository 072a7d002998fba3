package io.bankofthings.lending.loan;

/** One reason an input was refused, named by the field it concerns (e.g. {@code collateral[0].deviceId}). */
public record FieldError(String field, String message) {}
