package io.bankofthings.lending.web.things;

import io.bankofthings.lending.grant.NewThing;
import io.bankofthings.lending.grant.OwnerType;
import io.bankofthings.lending.grant.ThingKind;
import org.jspecify.annotations.Nullable;

/** The form that registers a thing. */
public class ThingForm {

    private OwnerType ownerType = OwnerType.PERSON;
    private ThingKind kind = ThingKind.VEHICLE;
    private @Nullable String serial = "";
    private @Nullable String displayName = "";

    NewThing toNewThing() {
        return new NewThing(ownerType, kind, serial == null ? null : serial.strip(), displayName == null ? null : displayName.strip());
    }

    public OwnerType getOwnerType() { return ownerType; }
    public void setOwnerType(OwnerType ownerType) { this.ownerType = ownerType; }
    public ThingKind getKind() { return kind; }
    public void setKind(ThingKind kind) { this.kind = kind; }
    public @Nullable String getSerial() { return serial; }
    public void setSerial(@Nullable String serial) { this.serial = serial; }
    public @Nullable String getDisplayName() { return displayName; }
    public void setDisplayName(@Nullable String displayName) { this.displayName = displayName; }
}
