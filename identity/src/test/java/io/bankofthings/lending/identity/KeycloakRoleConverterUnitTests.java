package io.bankofthings.lending.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class KeycloakRoleConverterUnitTests {

    private final KeycloakRoleConverter converter = new KeycloakRoleConverter();

    private static Jwt token(Map<String, Object> claims) {
        var builder = Jwt.withTokenValue("token").header("alg", "RS256").subject("user-1")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300));
        claims.forEach(builder::claim);
        return builder.build();
    }

    private static List<String> names(Collection<GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void mapsRealmRolesToRoleAuthoritiesKeepingTheirCase() {
        var jwt = token(Map.of("realm_access", Map.of("roles", List.of("underwriter", "borrower"))));

        assertThat(names(converter.convert(jwt))).containsExactly("ROLE_borrower", "ROLE_underwriter");
    }

    @Test
    void grantsNothingWithoutRealmAccessClaim() {
        var jwt = token(Map.of("scope", "openid profile"));

        assertThat(converter.convert(jwt)).isEmpty();
    }

    @Test
    void ignoresMalformedRealmAccessClaims() {
        assertThat(converter.convert(token(Map.of("realm_access", "borrower")))).isEmpty();
        assertThat(converter.convert(token(Map.of("realm_access", Map.of("roles", "borrower"))))).isEmpty();
        assertThat(names(converter.convert(token(Map.of("realm_access", Map.of("roles", List.of("analyst", 42, " ")))))))
                .containsExactly("ROLE_analyst");
    }

    @Test
    void ignoresClientRolesInResourceAccess() {
        var jwt = token(Map.of(
                "resource_access", Map.of("account", Map.of("roles", List.of("manage-account"))),
                "realm_access", Map.of("roles", List.of("operator"))));

        assertThat(KeycloakRoleConverter.realmRoles(jwt.getClaims())).isEqualTo(Set.of("operator"));
    }
}
