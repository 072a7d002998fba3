package io.bankofthings.lending.config;

import io.bankofthings.lending.collateral.CollateralSettings;
import io.bankofthings.lending.loan.LoanSettings;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Shared infrastructure of the domain services. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({LoanSettings.class, CollateralSettings.class})
class WorkersConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
