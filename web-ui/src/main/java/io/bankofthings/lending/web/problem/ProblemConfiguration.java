package io.bankofthings.lending.web.problem;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** Registers the problem-body {@code /error} endpoint and the JSON body size limit of the API. */
@Configuration(proxyBeanMethods = false)
class ProblemConfiguration {

    @Bean
    ProblemErrorController problemErrorController(ErrorAttributes errorAttributes, ServerProperties server,
            List<ErrorViewResolver> resolvers) {
        return new ProblemErrorController(errorAttributes, server.getError(), resolvers);
    }

    /** Refuses JSON bodies above {@code lending.api.max-json-body-size} (default 256KB) on {@code /api/**} with 413. */
    @Bean
    FilterRegistrationBean<JsonBodyLimitFilter> jsonBodyLimitFilter(
            @Value("${lending.api.max-json-body-size:256KB}") DataSize limit) {
        var registration = new FilterRegistrationBean<>(new JsonBodyLimitFilter(limit.toBytes()));
        registration.addUrlPatterns("/api/*");
        return registration;
    }
}
