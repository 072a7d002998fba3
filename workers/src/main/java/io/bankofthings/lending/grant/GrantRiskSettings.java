package io.bankofthings.lending.grant;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When payments look risky: {@code burstPayments} or more payment requests of one grant within {@code burstWindow} are
 * a burst, which warns the owner and suspends the grant.
 */
@ConfigurationProperties("lending.grants.risk")
public record GrantRiskSettings(@DefaultValue("30") int burstPayments, @DefaultValue("PT1M") Duration burstWindow) {

    public GrantRiskSettings {
        if (burstPayments < 2) {
            throw new IllegalArgumentException("lending.grants.risk.burst-payments must be at least 2, was " + burstPayments);
        }
        if (burstWindow == null || burstWindow.isNegative() || burstWindow.isZero()) {
            throw new IllegalArgumentException("lending.grants.risk.burst-window must be positive, was " + burstWindow);
        }
    }

    public static GrantRiskSettings defaults() {
        return new GrantRiskSettings(30, Duration.ofMinutes(1));
    }
}
