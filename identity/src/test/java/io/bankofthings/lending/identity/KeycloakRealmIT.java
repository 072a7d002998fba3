package io.bankofthings.lending.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The realm {@code lending} imported into the real Keycloak, started before Maven by
 * {@code infra/keycloak.sh start && infra/keycloak.sh wait} ({@code ./lending test} does): real tokens decoded by the
 * application's own {@link JwtDecoder}, roles mapped, passwords and brute-force detection enforced.
 *
 * <p>Environment: {@code LENDING_KEYCLOAK_URL} (default http://127.0.0.1:18080), {@code KC_BOOTSTRAP_ADMIN_USERNAME}
 * / {@code KC_BOOTSTRAP_ADMIN_PASSWORD} (default admin / admin), {@code LENDING_SERVICE_CLIENT_SECRET}.
 */
@SpringBootTest
@AutoConfigureMockMvc
class KeycloakRealmIT {

    static final String KEYCLOAK = env("LENDING_KEYCLOAK_URL", KeycloakSettings.DEFAULT_URL);
    static final String REALM = KEYCLOAK + "/realms/lending";
    static final String TOKEN_ENDPOINT = REALM + "/protocol/openid-connect/token";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void keycloak(DynamicPropertyRegistry registry) {
        registry.add("lending.keycloak.url", () -> KEYCLOAK);
    }

    @Autowired JwtDecoder jwtDecoder;
    @Autowired KeycloakRoleConverter roleConverter;
    @Autowired GrantedAuthoritiesMapper authoritiesMapper;
    @Autowired MockMvc mvc;

    @BeforeAll
    static void keycloakServesTheRealm() {
        HttpResponse<String> response;
        try {
            response = HTTP.send(HttpRequest.newBuilder(URI.create(REALM)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("Keycloak is not reachable at " + KEYCLOAK + " (" + e + "). Start it first: "
                    + "infra/keycloak.sh start && infra/keycloak.sh wait (./lending test does this).", e);
        }
        if (response.statusCode() != 200) {
            fail("Keycloak at %s answers %d for the realm lending: is the realm imported? %s",
                    KEYCLOAK, response.statusCode(), response.body());
        }
    }

    @Test
    void borrowerTokenDecodesToTheBorrowerRole() {
        Jwt bob = jwtDecoder.decode(accessToken("bob", "bob-pw"));

        assertThat(bob.getIssuer()).hasToString(REALM);
        assertThat(bob.getClaimAsString("preferred_username")).isEqualTo("bob");
        assertThat(bob.getClaimAsString("email")).isEqualTo("bob@example.com");
        assertThat(authorities(roleConverter.convert(bob))).contains("ROLE_borrower").doesNotContain("ROLE_underwriter");
        assertThat(CurrentUser.of(bob).roles()).containsExactly("borrower");
    }

    @Test
    void underwriterTokenDecodesToTheUnderwriterRole() {
        Jwt uma = jwtDecoder.decode(accessToken("uma", "uma-pw"));

        assertThat(uma.getClaimAsString("preferred_username")).isEqualTo("uma");
        assertThat(authorities(roleConverter.convert(uma))).contains("ROLE_underwriter").doesNotContain("ROLE_borrower");
    }

    @Test
    void everyDemoUserHasTheirRole() {
        var expected = Map.of("carol", "borrower", "anna", "analyst", "otto", "operator", "ada", "admin");
        expected.forEach((user, role) -> assertThat(CurrentUser.of(jwtDecoder.decode(accessToken(user, user + "-pw"))).roles())
                .as(user)
                .containsExactly(role));
    }

    @Test
    void accessTokensLiveFiveMinutes() {
        Jwt bob = jwtDecoder.decode(accessToken("bob", "bob-pw"));

        assertThat(Duration.between(bob.getIssuedAt(), bob.getExpiresAt())).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void idTokenCarriesRealmRolesForThePages() {
        JsonNode tokens = tokenResponse(Map.of("grant_type", "password", "client_id", "lending-cli",
                "username", "uma", "password", "uma-pw", "scope", "openid")).body();
        Jwt decoded = jwtDecoder.decode(tokens.get("id_token").asText());
        var idToken = new OidcIdToken(decoded.getTokenValue(), decoded.getIssuedAt(), decoded.getExpiresAt(),
                decoded.getClaims());

        var mapped = authoritiesMapper.mapAuthorities(List.of(new OidcUserAuthority(idToken)));

        assertThat(authorities(mapped)).contains("OIDC_USER", "ROLE_underwriter");
    }

    @Test
    void realTokensPassTheApiChainByRole() throws Exception {
        String bob = accessToken("bob", "bob-pw");

        mvc.perform(get("/api/probe/borrower").header("Authorization", "Bearer " + bob))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value("bob"));
        mvc.perform(get("/api/probe/borrower").header("Authorization", "Bearer " + accessToken("uma", "uma-pw")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/probe/borrower").header("Authorization", "Bearer " + tamper(bob)))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void tamperedTokenIsRejectedByTheDecoder() {
        String bob = accessToken("bob", "bob-pw");

        assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> jwtDecoder.decode(tamper(bob)));
    }

    @Test
    void wrongPasswordIsRefused() {
        // failures add up across runs against one Keycloak (its dev database is kept): start from none
        String admin = adminToken();
        String annaId = adminGet(admin, "/admin/realms/lending/users?exact=true&username=anna").get(0).get("id").asText();
        String lockPath = "/admin/realms/lending/attack-detection/brute-force/users/" + annaId;
        adminDelete(admin, lockPath);
        try {
            var response = tokenResponse(Map.of("grant_type", "password", "client_id", "lending-cli",
                    "username", "anna", "password", "not-annas-password"));

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(adminGet(admin, lockPath).path("numFailures").asInt()).as("failures counted").isEqualTo(1);
            // a later correct password still works: one failure does not lock
            assertThat(accessToken("anna", "anna-pw")).isNotBlank();
        } finally {
            adminDelete(admin, lockPath);
        }
    }

    @Test
    void bruteForceDetectionIsOnAndLocksAfterRepeatedFailures() {
        String admin = adminToken();
        JsonNode realm = adminGet(admin, "/admin/realms/lending");
        assertThat(realm.path("bruteForceProtected").asBoolean()).as("bruteForceProtected").isTrue();
        assertThat(realm.path("permanentLockout").asBoolean()).as("permanentLockout").isFalse();
        assertThat(realm.path("failureFactor").asInt()).as("failureFactor").isEqualTo(5);
        assertThat(realm.path("accessTokenLifespan").asInt()).as("accessTokenLifespan").isEqualTo(300);

        String carolId = adminGet(admin, "/admin/realms/lending/users?exact=true&username=carol").get(0).get("id").asText();
        String lockPath = "/admin/realms/lending/attack-detection/brute-force/users/" + carolId;
        try {
            for (int attempt = 1; attempt <= 5; attempt++) {
                assertThat(tokenResponse(Map.of("grant_type", "password", "client_id", "lending-cli",
                                "username", "carol", "password", "wrong-" + attempt)).status())
                        .as("wrong password, attempt %d", attempt)
                        .isEqualTo(400);
            }
            JsonNode lock = adminGet(admin, lockPath);
            assertThat(lock.path("numFailures").asInt()).as("failures counted: %s", lock).isGreaterThanOrEqualTo(2);
            assertThat(lock.path("disabled").asBoolean()).as("temporarily locked: %s", lock).isTrue();
            assertThat(tokenResponse(Map.of("grant_type", "password", "client_id", "lending-cli",
                            "username", "carol", "password", "carol-pw")).status())
                    .as("the right password while locked")
                    .isEqualTo(400);
        } finally {
            adminDelete(admin, lockPath);
        }
        assertThat(accessToken("carol", "carol-pw")).as("carol after the admin cleared the lock").isNotBlank();
    }

    @Test
    void webClientAllowsNeitherPasswordGrantNorLoginWithoutPkce() throws Exception {
        var password = tokenResponse(Map.of("grant_type", "password", "client_id", "lending-web",
                "username", "bob", "password", "bob-pw"));
        assertThat(password.status()).isEqualTo(400);
        assertThat(password.body().path("error").asText()).isEqualTo("unauthorized_client");

        String redirect = URLEncoder.encode("http://127.0.0.1:8080/login/oauth2/code/keycloak", StandardCharsets.UTF_8);
        String authorize = REALM + "/protocol/openid-connect/auth?client_id=lending-web&response_type=code&scope=openid"
                + "&redirect_uri=" + redirect;
        var withoutPkce = HTTP.send(HttpRequest.newBuilder(URI.create(authorize)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(withoutPkce.statusCode()).isEqualTo(302);
        assertThat(withoutPkce.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .contains("error=invalid_request")
                .contains("code_challenge_method"));

        var withPkce = HTTP.send(HttpRequest.newBuilder(URI.create(authorize
                        + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"))
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(withPkce.statusCode()).as("the login page").isEqualTo(200);
    }

    @Test
    void serviceClientGetsATokenWithClientCredentials() {
        String secret = env("LENDING_SERVICE_CLIENT_SECRET", "dev-only-lending-service-secret");
        var response = tokenResponse(Map.of("grant_type", "client_credentials", "client_id", "lending-service",
                "client_secret", secret));
        assertThat(response.status()).as("%s", response.body()).isEqualTo(200);

        Jwt service = jwtDecoder.decode(response.body().get("access_token").asText());

        assertThat(service.getClaimAsString("azp")).isEqualTo("lending-service");
        assertThat(tokenResponse(Map.of("grant_type", "client_credentials", "client_id", "lending-service",
                        "client_secret", secret + "-wrong")).status())
                .isEqualTo(401);
    }

    private record TokenResponse(int status, JsonNode body) {}

    private static TokenResponse tokenResponse(Map<String, String> form) {
        return postForm(TOKEN_ENDPOINT, form);
    }

    private static String accessToken(String username, String password) {
        var response = tokenResponse(Map.of("grant_type", "password", "client_id", "lending-cli",
                "username", username, "password", password));
        assertThat(response.status()).as("token for %s: %s", username, response.body()).isEqualTo(200);
        return response.body().get("access_token").asText();
    }

    private static String adminToken() {
        var response = postForm(KEYCLOAK + "/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli",
                "username", env("KC_BOOTSTRAP_ADMIN_USERNAME", "admin"),
                "password", env("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin")));
        assertThat(response.status()).as("bootstrap admin token: %s", response.body()).isEqualTo(200);
        return response.body().get("access_token").asText();
    }

    private static JsonNode adminGet(String adminToken, String path) {
        var response = send(HttpRequest.newBuilder(URI.create(KEYCLOAK + path))
                .header("Authorization", "Bearer " + adminToken).build());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return readJson(response.body());
    }

    private static void adminDelete(String adminToken, String path) {
        var response = send(HttpRequest.newBuilder(URI.create(KEYCLOAK + path)).DELETE()
                .header("Authorization", "Bearer " + adminToken).build());
        assertThat(response.statusCode()).as("DELETE %s", path).isEqualTo(204);
    }

    private static TokenResponse postForm(String url, Map<String, String> form) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var response = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        return new TokenResponse(response.statusCode(), readJson(response.body()));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("request to Keycloak failed: " + request.method() + " " + request.uri(), e);
        }
    }

    private static JsonNode readJson(String body) {
        try {
            return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("Keycloak answered no JSON: " + body, e);
        }
    }

    /** The token with one character in the middle of its signature changed (the last one may only hold padding bits). */
    private static String tamper(String token) {
        int signatureStart = token.lastIndexOf('.') + 1;
        int index = signatureStart + (token.length() - signatureStart) / 2;
        char replacement = token.charAt(index) == 'A' ? 'B' : 'A';
        return token.substring(0, index) + replacement + token.substring(index + 1);
    }

    private static List<String> authorities(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).toList();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
