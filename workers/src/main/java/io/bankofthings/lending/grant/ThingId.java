package io.bankofthings.lending.grant;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one identity rule for things: {@code thing:<owner-type>:<kind>:<serial>}, all lower case, e.g.
 * {@code thing:person:vehicle:wvwzzz1kzaw000001}. The owner type is {@code person} or {@code company}, the kind one
 * of {@link ThingKind} and the serial the maker's serial number (VIN, machine number): 1 to 48 characters of
 * {@code a-z 0-9 . -}, starting with a letter or digit. Serials are case-insensitive, so they are stored in lower case.
 */
public record ThingId(OwnerType ownerType, ThingKind kind, String serial) {

    public static final Pattern SERIAL = Pattern.compile("[a-z0-9][a-z0-9.-]{0,47}");
    public static final Pattern PATTERN =
            Pattern.compile("thing:(person|company):(vehicle|machine|appliance|sensor):([a-z0-9][a-z0-9.-]{0,47})");

    public ThingId {
        if (ownerType == null || kind == null || serial == null || !SERIAL.matcher(serial).matches()) {
            throw new IllegalArgumentException("Not a valid thing identity: " + ownerType + ", " + kind + ", " + serial);
        }
    }

    /** Builds the identity from its parts; the serial is lower-cased. Empty if the serial breaks the rule. */
    public static Optional<ThingId> of(OwnerType ownerType, ThingKind kind, String serial) {
        if (ownerType == null || kind == null || serial == null) {
            return Optional.empty();
        }
        String canonical = serial.strip().toLowerCase(Locale.ROOT);
        return SERIAL.matcher(canonical).matches() ? Optional.of(new ThingId(ownerType, kind, canonical)) : Optional.empty();
    }

    /** Parses {@code thing:<owner-type>:<kind>:<serial>}; empty for anything else (no case folding here). */
    public static Optional<ThingId> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        var matcher = PATTERN.matcher(value);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ThingId(
                OwnerType.valueOf(matcher.group(1).toUpperCase(Locale.ROOT)),
                ThingKind.valueOf(matcher.group(2).toUpperCase(Locale.ROOT)),
                matcher.group(3)));
    }

    @Override
    public String toString() {
        return "thing:" + ownerType.name().toLowerCase(Locale.ROOT) + ":" + kind.name().toLowerCase(Locale.ROOT) + ":" + serial;
    }
}
