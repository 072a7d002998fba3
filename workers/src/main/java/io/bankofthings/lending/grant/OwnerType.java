package io.bankofthings.lending.grant;

/** Who owns a thing: a natural person or a legal person (a company). */
public enum OwnerType {
    PERSON,
    COMPANY
}
