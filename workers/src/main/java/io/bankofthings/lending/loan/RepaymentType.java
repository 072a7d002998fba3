package io.bankofthings.lending.loan;

/** How a loan is repaid, chosen in the application. */
public enum RepaymentType {
    /** Equal monthly instalments of principal and interest. */
    ANNUITY,
    /** Equal monthly principal plus interest on the outstanding balance, so instalments fall over time. */
    EQUAL_PRINCIPAL
}
