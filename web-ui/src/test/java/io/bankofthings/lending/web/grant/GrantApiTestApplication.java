package io.bankofthings.lending.web.grant;

import io.bankofthings.lending.grant.GrantRiskSettings;
import io.bankofthings.lending.resume.EngineGeneration;
import io.bankofthings.lending.web.ApiErrors;
import io.camunda.client.annotation.Deployment;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The grant slice of the application for web tests: the grant, ledger and task services, their workers, the things
 * and grants API, a real embedded PostgreSQL and an in-memory Zeebe engine. It stands in for the identity module's
 * JWT chain with an equivalent one (tokens come from spring-security-test's {@code jwt()}, so no issuer is needed).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
@EnableConfigurationProperties(GrantRiskSettings.class)
@ComponentScan(basePackages = {
    "io.bankofthings.lending.web.grant",
    "io.bankofthings.lending.grant",
    "io.bankofthings.lending.ledger",
    "io.bankofthings.lending.task",
    "io.bankofthings.lending.config"
})
@Import({ApiErrors.class, EngineGeneration.class})
@Deployment(resources = {"classpath:/models/authorization-grant.bpmn", "classpath:/models/grant-risk.dmn"})
class GrantApiTestApplication {

    static final int ZEEBE_PORT = freePort();

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres() throws IOException {
        return EmbeddedPostgres.builder().start();
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres) {
        return postgres.getPostgresDatabase();
    }

    @Bean(destroyMethod = "stop")
    ZeebeTestEngine zeebeTestEngine(@Value("${test.zeebe.port}") int port) {
        var engine = EngineFactory.create(port);
        engine.start();
        return engine;
    }

    /** Like the identity module's chain for people: every /api/** request needs a bearer JWT. */
    @Bean
    SecurityFilterChain peopleApiSecurityFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.decoder(token -> {
                    throw new BadJwtException("test tokens come from jwt() only");
                })))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    JwtDecoder jwtDecoder() {
        return token -> {
            throw new BadJwtException("test tokens come from jwt() only");
        };
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
