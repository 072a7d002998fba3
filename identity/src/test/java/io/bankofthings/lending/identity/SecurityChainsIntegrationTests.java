package io.bankofthings.lending.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.JwtRequestPostProcessor;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.OidcLoginRequestPostProcessor;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The API and page filter chains with tokens made by spring-security-test. Keycloak is pointed at a closed port:
 * the application must start and answer without it.
 */
@SpringBootTest(properties = "lending.keycloak.url=http://127.0.0.1:9")
@AutoConfigureMockMvc
class SecurityChainsIntegrationTests {

    static final String KEYCLOAK_REALM = "http://127.0.0.1:9/realms/lending";

    @Autowired MockMvc mvc;
    @Autowired KeycloakRoleConverter roleConverter;
    @Autowired ClientRegistrationRepository registrations;

    /** An access token as Keycloak issues it, turned into authorities by the application's own converter. */
    private JwtRequestPostProcessor accessToken(String username, String... realmRoles) {
        return jwt().jwt(token -> token.subject(username + "-id")
                        .claim("preferred_username", username)
                        .claim("realm_access", Map.of("roles", List.of(realmRoles))))
                .authorities(roleConverter);
    }

    private OidcLoginRequestPostProcessor login(String username, String... roles) {
        var login = oidcLogin()
                .clientRegistration(registrations.findByRegistrationId(KeycloakSettings.REGISTRATION_ID))
                .idToken(token -> token.subject(username + "-id").claim("preferred_username", username));
        for (String role : roles) {
            login = login.authorities(new SimpleGrantedAuthority("ROLE_" + role));
        }
        return login;
    }

    @Test
    void apiRefusesRequestsWithoutTokenWith401Problem() throws Exception {
        mvc.perform(get("/api/probe/borrower"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", startsWith("Bearer")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.title").value("Unauthorized"))
                .andExpect(jsonPath("$.instance").value("/api/probe/borrower"));
    }

    @Test
    void apiRefusesAMalformedTokenWith401Problem() throws Exception {
        mvc.perform(get("/api/probe/any").header("Authorization", "Bearer not-a-jwt"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", containsString("invalid_token")))
                .andExpect(jsonPath("$.detail").value("The bearer token is invalid or expired."));
    }

    @Test
    void apiRefusesTheWrongRoleWith403Problem() throws Exception {
        mvc.perform(get("/api/probe/borrower").with(accessToken("anna", "analyst")))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(403))
                .andExpect(jsonPath("$.title").value("Forbidden"));
    }

    @Test
    void apiServesTheRightRoleAndResolvesTheCurrentUser() throws Exception {
        mvc.perform(get("/api/probe/borrower").with(accessToken("bob", "borrower")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("bob-id"))
                .andExpect(jsonPath("$.username").value("bob"))
                .andExpect(jsonPath("$.roles[0]").value("borrower"));
    }

    @Test
    void apiIsStatelessWithoutCsrfAndSession() throws Exception {
        var result = mvc.perform(post("/api/probe/borrower").with(accessToken("bob", "borrower")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value("bob"))
                .andReturn();

        assertThat(result.getRequest().getSession(false)).isNull();
    }

    @Test
    void pagesRedirectAnonymousUsersToTheKeycloakLogin() throws Exception {
        mvc.perform(get("/pages/probe"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("http://localhost/oauth2/authorization/keycloak"));
    }

    @Test
    void loginStartsTheAuthorizationCodeFlowWithPkceAtKeycloak() throws Exception {
        mvc.perform(get("/oauth2/authorization/keycloak"))
                .andExpect(status().isFound())
                .andExpect(header().string("Location", allOf(
                        startsWith(KEYCLOAK_REALM + "/protocol/openid-connect/auth?"),
                        containsString("response_type=code"),
                        containsString("client_id=lending-web"),
                        containsString("scope=openid%20profile%20email"),
                        containsString("code_challenge_method=S256"),
                        containsString("code_challenge="),
                        containsString("redirect_uri=http://localhost/login/oauth2/code/keycloak"))));
    }

    @Test
    void pagesServeLoggedInUsersWithTheirMappedRoles() throws Exception {
        mvc.perform(get("/pages/probe").with(login("uma", "underwriter")))
                .andExpect(status().isOk())
                .andExpect(content().string("page for uma [underwriter]"));
        mvc.perform(get("/pages/probe/underwriter").with(login("uma", "underwriter")))
                .andExpect(status().isOk());
    }

    @Test
    void pagesRefuseTheWrongRole() throws Exception {
        mvc.perform(get("/pages/probe/underwriter").with(login("bob", "borrower")))
                .andExpect(status().isForbidden());
    }

    @Test
    void pagesDoNotAcceptBearerTokens() throws Exception {
        mvc.perform(get("/pages/probe").header("Authorization", "Bearer not-a-jwt"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("http://localhost/oauth2/authorization/keycloak"));
    }

    @Test
    void staticAssetsAndHealthAreOpen() throws Exception {
        mvc.perform(get("/css/test.css")).andExpect(status().isOk());
        // no actuator in this module: the open path reaches the app and is not found, instead of a login redirect
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isNotFound());
    }

    @Test
    void ingestPathsAreNotOpenByDefault() throws Exception {
        mvc.perform(get("/ingest/probe"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("http://localhost/oauth2/authorization/keycloak"));
    }

    @Test
    void logoutEndsTheKeycloakSessionAndReturnsToTheApp() throws Exception {
        mvc.perform(post("/logout").with(login("bob", "borrower")).with(csrf()))
                .andExpect(status().isFound())
                .andExpect(header().string("Location", allOf(
                        startsWith(KEYCLOAK_REALM + "/protocol/openid-connect/logout?"),
                        containsString("id_token_hint="),
                        containsString("post_logout_redirect_uri=http://localhost/"))));
    }

    @Test
    void logoutNeedsCsrfToken() throws Exception {
        mvc.perform(post("/logout").with(login("bob", "borrower")))
                .andExpect(status().isForbidden());
    }

    @Test
    void redirectToLoginEndsWithTheRegistrationId() throws Exception {
        mvc.perform(get("/loans/new"))
                .andExpect(header().string("Location", endsWith("/oauth2/authorization/" + KeycloakSettings.REGISTRATION_ID)));
    }
}
