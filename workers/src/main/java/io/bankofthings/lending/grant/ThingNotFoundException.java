package io.bankofthings.lending.grant;

/** No thing with this id is visible to the caller (another owner's thing is reported the same way). */
public class ThingNotFoundException extends RuntimeException {

    public ThingNotFoundException(String thingId) {
        super("No thing " + thingId);
    }
}
