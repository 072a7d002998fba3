package io.bankofthings.lending.crosscheck;

import java.util.List;
import java.util.Map;

/**
 * A live collateral item watched by both sources: its GPS trackers and its RFID gates with where each gate stands.
 *
 * @param trackers ids of the item's GPS trackers; not empty
 * @param gates where each of the item's RFID gates stands, by gate id; not empty
 */
public record CheckedCollateral(String collateralId, String loanId, List<String> trackers, Map<String, GatePosition> gates) {

    /** Where a gate stands, WGS84 degrees: as registered with the device, else the centre of the item's site. */
    public record GatePosition(double latitude, double longitude) {}

    /** Copies the lists. */
    public CheckedCollateral {
        trackers = List.copyOf(trackers);
        gates = Map.copyOf(gates);
    }

    boolean isTracker(String deviceId) {
        return trackers.contains(deviceId);
    }

    boolean isGate(String deviceId) {
        return gates.containsKey(deviceId);
    }
}
