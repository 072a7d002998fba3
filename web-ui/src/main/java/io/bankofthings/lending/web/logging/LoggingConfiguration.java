package io.bankofthings.lending.web.logging;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Registers {@link BusinessKeyMdcFilter} first, so even the security chains log with the business key. */
@Configuration(proxyBeanMethods = false)
class LoggingConfiguration {

    @Bean
    FilterRegistrationBean<BusinessKeyMdcFilter> businessKeyMdcFilter() {
        var registration = new FilterRegistrationBean<>(new BusinessKeyMdcFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
