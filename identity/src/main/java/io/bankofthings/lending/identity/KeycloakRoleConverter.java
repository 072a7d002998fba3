package io.bankofthings.lending.identity;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Maps the realm roles in a Keycloak token's {@code realm_access.roles} claim to {@code ROLE_<role>} authorities,
 * keeping the role's case, so {@code @PreAuthorize("hasRole('borrower')")} matches the realm role {@code borrower}.
 */
public final class KeycloakRoleConverter implements Converter<Jwt, Collection<GrantedAuthority>> {

    /** Claim that holds the realm roles object. */
    public static final String REALM_ACCESS_CLAIM = "realm_access";

    /** Prefix of every role authority. */
    public static final String ROLE_PREFIX = "ROLE_";

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        return authorities(realmRoles(jwt.getClaims()));
    }

    /** The realm roles in {@code claims}; empty when the claim is missing or not shaped like Keycloak's. */
    public static Set<String> realmRoles(Map<String, ?> claims) {
        if (!(claims.get(REALM_ACCESS_CLAIM) instanceof Map<?, ?> realmAccess)
                || !(realmAccess.get("roles") instanceof Collection<?> roles)) {
            return Set.of();
        }
        var names = new LinkedHashSet<String>();
        for (Object role : roles) {
            if (role instanceof String name && !name.isBlank()) {
                names.add(name);
            }
        }
        return Set.copyOf(names);
    }

    /** One {@code ROLE_<role>} authority per role. */
    public static List<GrantedAuthority> authorities(Collection<String> roles) {
        return roles.stream()
                .sorted()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority(ROLE_PREFIX + role))
                .toList();
    }
}
