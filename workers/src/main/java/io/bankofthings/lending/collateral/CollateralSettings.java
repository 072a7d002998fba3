package io.bankofthings.lending.collateral;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What collateral registration asks of the devices.
 *
 * @param onlineWindow a device counts as recently online when it reported within this window
 * @param seedDemoDevices register and feed the demo devices at start-up (embedded defaults only)
 */
@ConfigurationProperties("lending.collateral")
public record CollateralSettings(
        @DefaultValue("PT24H") Duration onlineWindow, @DefaultValue("false") boolean seedDemoDevices) {

    public CollateralSettings {
        if (onlineWindow == null || onlineWindow.isNegative() || onlineWindow.isZero()) {
            throw new IllegalArgumentException("lending.collateral.online-window must be positive, was " + onlineWindow);
        }
    }

    public static CollateralSettings defaults() {
        return new CollateralSettings(Duration.ofHours(24), false);
    }
}
