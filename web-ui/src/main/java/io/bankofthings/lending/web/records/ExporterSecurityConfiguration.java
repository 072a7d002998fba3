package io.bankofthings.lending.web.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.identity.SecurityChainOrder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The security chain of {@code /internal/engine-records}: only the broker exporter, with the shared secret; stateless,
 * no session, no CSRF (no cookies). People's tokens are not accepted here.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExporterSettings.class)
class ExporterSecurityConfiguration {

    static final String PATH = "/internal/engine-records";

    @Bean
    @Order(SecurityChainOrder.MODULES + 1)
    SecurityFilterChain exporterSecurityFilterChain(HttpSecurity http, ExporterSettings settings, ObjectMapper json)
            throws Exception {
        http.securityMatcher(PATH)
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(ExporterAuthenticationFilter.ROLE))
                .addFilterBefore(new ExporterAuthenticationFilter(settings), AuthorizationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> write(json, response, HttpStatus.UNAUTHORIZED,
                                settings.enabled()
                                        ? "Send the exporter's shared secret as 'Authorization: Exporter <secret>'"
                                        : "Record delivery is off: set LENDING_EXPORTER_SECRET to turn it on"))
                        .accessDeniedHandler((request, response, e) -> write(json, response, HttpStatus.FORBIDDEN,
                                "Only the broker exporter delivers engine records")));
        return http.build();
    }

    private static void write(ObjectMapper json, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ProblemDetail.forStatusAndDetail(status, detail));
    }
}
