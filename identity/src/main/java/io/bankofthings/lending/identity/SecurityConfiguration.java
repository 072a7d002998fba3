package io.bankofthings.lending.identity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.client.RestTemplate;

/**
 * Two filter chains against Keycloak: a stateless JWT resource server for the API and an OIDC login for pages; and
 * a chain for the IoT platform webhooks {@code /ingest/**} that checks platform secrets instead.
 *
 * <p>All endpoints come from {@link KeycloakSettings}, never from issuer discovery, so the application starts while
 * Keycloak is down; tokens are still checked for the configured issuer. See {@link SecurityChainOrder} for how
 * other modules add their own chain.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity
@EnableConfigurationProperties(KeycloakSettings.class)
class SecurityConfiguration {

    /** Paths of the IoT platform webhooks. */
    static final String INGEST_PATHS = "/ingest/**";

    /** Timeout of the application's calls to Keycloak (JWK set, token, userinfo). */
    static final Duration KEYCLOAK_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    KeycloakRoleConverter keycloakRoleConverter() {
        return new KeycloakRoleConverter();
    }

    /**
     * Decodes access tokens with the realm's keys (fetched on first use) and checks expiry, issuer and that a subject
     * (the user id of {@link CurrentUser}) is present.
     */
    @Bean
    JwtDecoder jwtDecoder(KeycloakSettings settings) {
        var requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(KEYCLOAK_TIMEOUT);
        requests.setReadTimeout(KEYCLOAK_TIMEOUT);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri())
                .restOperations(new RestTemplate(requests))
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(settings.issuerUri()),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, subject -> subject != null && !subject.isBlank())));
        return decoder;
    }

    /** The pages' public client; Spring Security adds PKCE (S256) because it has no client secret. */
    @Bean
    ClientRegistrationRepository clientRegistrationRepository(KeycloakSettings settings) {
        ClientRegistration keycloak = ClientRegistration.withRegistrationId(KeycloakSettings.REGISTRATION_ID)
                .clientName("Keycloak")
                .clientId(settings.webClientId())
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid", "profile", "email")
                .authorizationUri(settings.authorizationUri())
                .tokenUri(settings.tokenUri())
                .jwkSetUri(settings.jwkSetUri())
                .userInfoUri(settings.userInfoUri())
                .userNameAttributeName("preferred_username")
                .issuerUri(settings.issuerUri())
                .providerConfigurationMetadata(Map.of("end_session_endpoint", settings.endSessionUri()))
                .build();
        return new InMemoryClientRegistrationRepository(keycloak);
    }

    @Bean
    GrantedAuthoritiesMapper keycloakAuthoritiesMapper() {
        return new KeycloakAuthoritiesMapper();
    }

    /**
     * {@code /ingest/**}: IoT platforms authenticate with their own shared secret ({@link PlatformCredentials}, from
     * the ingestion module), never with a user's token or session; stateless, no CSRF (no cookies are used). Without
     * a {@link PlatformCredentials} bean it matches nothing and {@code /ingest/**} stays with the page chain.
     */
    @Bean
    @Order(SecurityChainOrder.INGEST)
    SecurityFilterChain ingestSecurityFilterChain(HttpSecurity http, ObjectProvider<PlatformCredentials> credentials)
            throws Exception {
        PlatformCredentials platforms = credentials.getIfAvailable();
        if (platforms == null) {
            // matches nothing: without a way to check platform secrets the webhooks stay closed
            return http.securityMatcher(request -> false)
                    .authorizeHttpRequests(requests -> requests.anyRequest().denyAll())
                    .build();
        }
        return http.securityMatcher(matchers(List.of(INGEST_PATHS))[0])
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .addFilterBefore(new PlatformSecretAuthenticationFilter(platforms), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole(PlatformSecretAuthenticationFilter.ROLE))
                .build();
    }

    /** Lets the paths that authenticate themselves through; matches nothing unless some are configured. */
    @Bean
    @Order(SecurityChainOrder.SELF_AUTHENTICATED)
    SecurityFilterChain selfAuthenticatedSecurityFilterChain(HttpSecurity http, KeycloakSettings settings)
            throws Exception {
        List<String> paths = settings.selfAuthenticatedPaths();
        if (paths.isEmpty()) {
            // matches nothing: an empty list must never open everything
            http.securityMatcher(request -> false);
        } else {
            http.securityMatcher(new OrRequestMatcher(matchers(paths)));
        }
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }

    @Bean
    @Order(SecurityChainOrder.API)
    SecurityFilterChain apiSecurityFilterChain(
            HttpSecurity http, KeycloakSettings settings, JwtDecoder jwtDecoder, KeycloakRoleConverter roles)
            throws Exception {
        var problems = new ApiSecurityProblems();
        Converter<Jwt, AbstractAuthenticationToken> authentication = jwt -> new JwtAuthenticationToken(
                jwt, roles.convert(jwt), CurrentUser.of(jwt).username());
        return http.securityMatcher(new OrRequestMatcher(matchers(settings.apiPaths())))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(authentication))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .build();
    }

    @Bean
    @Order(SecurityChainOrder.PAGES)
    SecurityFilterChain pagesSecurityFilterChain(
            HttpSecurity http,
            KeycloakSettings settings,
            ClientRegistrationRepository registrations,
            GrantedAuthoritiesMapper authoritiesMapper)
            throws Exception {
        var logoutSuccess = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        logoutSuccess.setPostLogoutRedirectUri(settings.postLogoutRedirectUri());
        return http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(matchers(settings.publicPaths())).permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(login -> login
                        .clientRegistrationRepository(registrations)
                        .userInfoEndpoint(userInfo -> userInfo.userAuthoritiesMapper(authoritiesMapper)))
                .logout(logout -> logout.logoutSuccessHandler(logoutSuccess))
                .build();
    }

    /**
     * Path-pattern matchers that ignore which servlet serves a path, so another servlet (Camel's, for example) does
     * not make the patterns ambiguous.
     */
    static RequestMatcher[] matchers(List<String> patterns) {
        return patterns.stream()
                .map(pattern -> PathPatternRequestMatcher.withDefaults().matcher(pattern))
                .toArray(RequestMatcher[]::new);
    }
}
