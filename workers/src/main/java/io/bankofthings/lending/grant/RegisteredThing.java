package io.bankofthings.lending.grant;

/** A newly registered thing with its credential, which is shown this once and never again. */
public record RegisteredThing(Thing thing, String credential) {}
