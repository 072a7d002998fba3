package io.bankofthings.lending.loan;

import java.util.List;

/**
 * One pledged item of movable goods, watched through the IoT devices bound to it; value in minor units.
 *
 * @param assetIdentifier what identifies the goods in the lien registry: a serial number, a VIN, a lot number
 * @param site            where the item is kept; null only for applications stored before sites were recorded
 * @param devices         at least one device
 */
public record CollateralItem(
        String collateralId,
        CollateralKind kind,
        String description,
        String assetIdentifier,
        long declaredValueMinor,
        CollateralSite site,
        List<BoundDevice> devices) {

    public CollateralItem {
        devices = List.copyOf(devices);
    }

    /** The first bound device. */
    public String deviceId() {
        return devices.isEmpty() ? null : devices.getFirst().deviceId();
    }
}
