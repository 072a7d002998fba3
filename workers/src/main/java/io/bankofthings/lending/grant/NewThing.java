package io.bankofthings.lending.grant;

/** What an owner tells us to register a thing. */
public record NewThing(OwnerType ownerType, ThingKind kind, String serial, String displayName) {}
