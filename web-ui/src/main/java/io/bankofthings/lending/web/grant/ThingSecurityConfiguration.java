package io.bankofthings.lending.web.grant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.grant.ThingRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
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
 * The security chain for things: it covers only {@code /api/things/{thingId}/payments} and runs before the JWT chain
 * of people, so a thing pays with its own credential ({@code Authorization: Thing <credential>}) and never with a
 * person's token. Stateless, no session, no CSRF (no cookies are used). Everything else stays with the JWT chain.
 */
@Configuration(proxyBeanMethods = false)
class ThingSecurityConfiguration {

    static final String PAYMENTS = "/api/things/*/payments";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain thingPaymentsSecurityFilterChain(HttpSecurity http, ThingRegistry things, ObjectMapper json)
            throws Exception {
        http.securityMatcher(PAYMENTS)
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(ThingAuthentication.ROLE))
                .addFilterBefore(new ThingAuthenticationFilter(things), AuthorizationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Thing realm=\"things\"");
                            write(json, response, HttpStatus.UNAUTHORIZED,
                                    "Authenticate the thing named in the path with the header 'Authorization: Thing <credential>'");
                        })
                        .accessDeniedHandler((request, response, e) -> write(json, response, HttpStatus.FORBIDDEN,
                                "Only the thing itself may pay with its grant")));
        return http.build();
    }

    private static void write(ObjectMapper json, jakarta.servlet.http.HttpServletResponse response, HttpStatus status,
            String detail) throws java.io.IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ProblemDetail.forStatusAndDetail(status, detail));
    }
}
