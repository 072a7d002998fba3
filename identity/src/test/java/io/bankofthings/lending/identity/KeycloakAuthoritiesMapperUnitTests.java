package io.bankofthings.lending.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;

class KeycloakAuthoritiesMapperUnitTests {

    private final KeycloakAuthoritiesMapper mapper = new KeycloakAuthoritiesMapper();

    private static OidcIdToken idToken(Map<String, Object> claims) {
        var builder = OidcIdToken.withTokenValue("id-token").subject("uma-id")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300));
        claims.forEach(builder::claim);
        return builder.build();
    }

    private List<String> map(GrantedAuthority... authorities) {
        return mapper.mapAuthorities(List.of(authorities)).stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void addsRealmRolesOfTheIdTokenAndKeepsExistingAuthorities() {
        var oidc = new OidcUserAuthority(idToken(Map.of("realm_access", Map.of("roles", List.of("underwriter")))));

        assertThat(map(oidc, new SimpleGrantedAuthority("SCOPE_openid")))
                .containsExactlyInAnyOrder("OIDC_USER", "SCOPE_openid", "ROLE_underwriter");
    }

    @Test
    void addsRealmRolesOfTheUserInfo() {
        var userInfo = new OidcUserInfo(Map.of("sub", "uma-id", "realm_access", Map.of("roles", List.of("admin"))));
        var oidc = new OidcUserAuthority(idToken(Map.of()), userInfo);

        assertThat(map(oidc)).containsExactlyInAnyOrder("OIDC_USER", "ROLE_admin");
    }

    @Test
    void addsRealmRolesOfPlainOAuth2Attributes() {
        var oauth2 = new OAuth2UserAuthority(Map.of("sub", "x", "realm_access", Map.of("roles", List.of("operator"))));

        assertThat(map(oauth2)).containsExactlyInAnyOrder("OAUTH2_USER", "ROLE_operator");
    }

    @Test
    void grantsNoRoleWhenTheTokensCarryNone() {
        var oidc = new OidcUserAuthority(idToken(Map.of("preferred_username", "uma")));

        assertThat(map(oidc)).containsExactly("OIDC_USER");
    }
}
