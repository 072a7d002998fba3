package io.bankofthings.lending.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class CurrentUserUnitTests {

    private static final Map<String, Object> BOB_ROLES = Map.of("roles", List.of("borrower"));

    private static Jwt bobAccessToken() {
        return Jwt.withTokenValue("token").header("alg", "RS256")
                .subject("bob-id").claim("preferred_username", "bob").claim("email", "bob@example.com")
                .claim("realm_access", BOB_ROLES)
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300))
                .build();
    }

    private static DefaultOidcUser umaOidcUser() {
        var idToken = OidcIdToken.withTokenValue("id-token").subject("uma-id").claim("preferred_username", "uma")
                .claim("realm_access", Map.of("roles", List.of("underwriter")))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300))
                .build();
        var userInfo = new OidcUserInfo(Map.of("sub", "uma-id", "email", "uma@example.com"));
        return new DefaultOidcUser(AuthorityUtils.createAuthorityList("OIDC_USER"), idToken, userInfo, "preferred_username");
    }

    @Test
    void readsIdUsernameEmailAndRolesOfAnAccessToken() {
        assertThat(CurrentUser.of(bobAccessToken()))
                .isEqualTo(new CurrentUser("bob-id", "bob", "bob@example.com", Set.of("borrower")));
    }

    @Test
    void readsIdUsernameEmailAndRolesOfAnOidcLogin() {
        var uma = CurrentUser.of(umaOidcUser());

        assertThat(uma).isEqualTo(new CurrentUser("uma-id", "uma", "uma@example.com", Set.of("underwriter")));
        assertThat(uma.hasRole("underwriter")).isTrue();
        assertThat(uma.hasRole("borrower")).isFalse();
    }

    @Test
    void fallsBackToTheSubjectWithoutPreferredUsername() {
        var serviceToken = Jwt.withTokenValue("token").header("alg", "RS256").subject("service-id")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300)).build();

        var user = CurrentUser.of(serviceToken);

        assertThat(user.username()).isEqualTo("service-id");
        assertThat(user.email()).isNull();
        assertThat(user.roles()).isEmpty();
    }

    @Test
    void takesRolesOfAnAuthenticationFromItsRoleAuthorities() {
        var api = new JwtAuthenticationToken(bobAccessToken(),
                AuthorityUtils.createAuthorityList("ROLE_borrower", "ROLE_analyst", "SCOPE_profile"), "bob");
        var page = new OAuth2AuthenticationToken(umaOidcUser(),
                AuthorityUtils.createAuthorityList("OIDC_USER", "ROLE_underwriter"), "keycloak");

        assertThat(CurrentUser.of(api)).hasValueSatisfying(user -> {
            assertThat(user.id()).isEqualTo("bob-id");
            assertThat(user.roles()).containsExactlyInAnyOrder("borrower", "analyst");
        });
        assertThat(CurrentUser.of(page)).hasValueSatisfying(user -> {
            assertThat(user.username()).isEqualTo("uma");
            assertThat(user.roles()).containsExactly("underwriter");
        });
    }

    @Test
    void usesTheNameOfOtherAuthentications() {
        var basic = UsernamePasswordAuthenticationToken.authenticated("ops", "n/a",
                AuthorityUtils.createAuthorityList("ROLE_operator"));

        assertThat(CurrentUser.of(basic)).contains(new CurrentUser("ops", "ops", null, Set.of("operator")));
    }

    @Test
    void hasNoUserForMissingOrAnonymousAuthentication() {
        var anonymous = new AnonymousAuthenticationToken("key", "anonymousUser",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

        assertThat(CurrentUser.of((Authentication) null)).isEmpty();
        assertThat(CurrentUser.of(anonymous)).isEmpty();
    }

    @Test
    void rejectsATokenWithoutSubject() {
        var noSubject = Jwt.withTokenValue("token").header("alg", "RS256").claim("preferred_username", "x")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300)).build();

        assertThatIllegalArgumentException().isThrownBy(() -> CurrentUser.of(noSubject)).withMessageContaining("sub");
    }
}
