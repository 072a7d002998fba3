package io.bankofthings.lending.identity;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Where Keycloak is and which paths the security filter chains guard, bound from {@code lending.keycloak.*}.
 *
 * <p>Every Keycloak endpoint is derived from {@code url} and {@code realm} and configured explicitly, so the
 * application starts while Keycloak is down (no issuer discovery at start-up).
 *
 * @param url base URL the application uses for the token, JWK set and userinfo endpoints
 * @param publicUrl base URL the browser uses for the login and logout pages; {@code null} means {@code url}
 * @param issuer expected {@code iss} claim of every token; {@code null} means {@code <publicUrl>/realms/<realm>}
 * @param realm Keycloak realm name
 * @param webClientId public OIDC client of the pages (authorization code flow with PKCE)
 * @param apiPaths Ant-style paths served by the stateless JWT resource server chain
 * @param publicPaths page paths anyone may request: static assets, health probes, the error page, the OpenAPI
 *     description and Swagger UI
 * @param selfAuthenticatedPaths paths that neither chain authenticates because their module does (for example
 *     {@code /ingest/**} checking device credentials itself); empty by default, so nothing is open by accident
 * @param postLogoutRedirectUri where Keycloak sends the browser after logout; {@code {baseUrl}} is the app's URL
 */
@ConfigurationProperties("lending.keycloak")
public record KeycloakSettings(
        @DefaultValue(DEFAULT_URL) String url,
        @Nullable String publicUrl,
        @Nullable String issuer,
        @DefaultValue(DEFAULT_REALM) String realm,
        @DefaultValue(DEFAULT_WEB_CLIENT_ID) String webClientId,
        @DefaultValue("/api/**") List<String> apiPaths,
        @DefaultValue({
                    "/css/**", "/js/**", "/images/**", "/assets/**", "/webjars/**", "/favicon.ico", "/error",
                    "/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**",
                    "/swagger-ui.html", "/swagger-ui/**"
                })
                List<String> publicPaths,
        @DefaultValue List<String> selfAuthenticatedPaths,
        @DefaultValue(DEFAULT_POST_LOGOUT_REDIRECT_URI) String postLogoutRedirectUri) {

    public static final String DEFAULT_URL = "http://127.0.0.1:18080";
    public static final String DEFAULT_REALM = "lending";
    public static final String DEFAULT_WEB_CLIENT_ID = "lending-web";
    public static final String DEFAULT_POST_LOGOUT_REDIRECT_URI = "{baseUrl}/";

    /** Id of the OAuth2 client registration used by the pages; the login starts at /oauth2/authorization/keycloak. */
    public static final String REGISTRATION_ID = "keycloak";

    public KeycloakSettings {
        url = withoutTrailingSlash(url);
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : withoutTrailingSlash(publicUrl);
        issuer = issuer == null || issuer.isBlank() ? null : withoutTrailingSlash(issuer);
        if (realm.isBlank()) {
            throw new IllegalArgumentException("lending.keycloak.realm must not be blank");
        }
        apiPaths = List.copyOf(apiPaths);
        publicPaths = List.copyOf(publicPaths);
        selfAuthenticatedPaths = List.copyOf(selfAuthenticatedPaths);
    }

    /** Settings with every default, as bound when no {@code lending.keycloak.*} property is set. */
    public static KeycloakSettings defaults() {
        return new Binder(new MapConfigurationPropertySource()).bindOrCreate("lending.keycloak", KeycloakSettings.class);
    }

    /** The expected {@code iss} claim, e.g. {@code http://127.0.0.1:18080/realms/lending}. */
    public String issuerUri() {
        return issuer != null ? issuer : browserBaseUrl() + "/realms/" + realm;
    }

    /** Authorization endpoint, reached by the browser. */
    public String authorizationUri() {
        return browserBaseUrl() + "/realms/" + realm + "/protocol/openid-connect/auth";
    }

    /** End-session (RP-initiated logout) endpoint, reached by the browser. */
    public String endSessionUri() {
        return browserBaseUrl() + "/realms/" + realm + "/protocol/openid-connect/logout";
    }

    /** Token endpoint, reached by the application. */
    public String tokenUri() {
        return backChannelRealmUrl() + "/protocol/openid-connect/token";
    }

    /** JWK set with the realm's signing keys, reached by the application. */
    public String jwkSetUri() {
        return backChannelRealmUrl() + "/protocol/openid-connect/certs";
    }

    /** Userinfo endpoint, reached by the application. */
    public String userInfoUri() {
        return backChannelRealmUrl() + "/protocol/openid-connect/userinfo";
    }

    private String backChannelRealmUrl() {
        return url + "/realms/" + realm;
    }

    private String browserBaseUrl() {
        return publicUrl != null ? publicUrl : url;
    }

    private static String withoutTrailingSlash(String value) {
        String trimmed = value.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("Keycloak URL must not be blank: '" + value + "'");
        }
        return trimmed;
    }
}
