package io.bankofthings.lending.loan;

/** A borrower is a natural person (an individual) or a legal person (a company). */
public enum ApplicantType {
    NATURAL_PERSON,
    LEGAL_PERSON
}
