package io.bankofthings.lending.identity;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The person (or service account) behind a request, the same for API calls (JWT) and pages (OIDC login).
 *
 * <p>Controllers can declare a {@code CurrentUser} parameter; it is resolved from the authentication and a request
 * without one is refused with 401. A borrower's loans are keyed by {@link #id()}.
 *
 * @param id Keycloak user id, the token's {@code sub}; stable across renames
 * @param username the {@code preferred_username} claim, or the id when the token has none
 * @param email the {@code email} claim, or {@code null}
 * @param roles realm roles without the {@code ROLE_} prefix, e.g. {@code borrower}
 */
public record CurrentUser(String id, String username, @Nullable String email, Set<String> roles) {

    public CurrentUser {
        if (id.isBlank()) {
            throw new IllegalArgumentException("user id must not be blank: '" + id + "'");
        }
        roles = Set.copyOf(roles);
    }

    /** The user of an access token, with the realm roles of its {@code realm_access.roles} claim. */
    public static CurrentUser of(Jwt jwt) {
        String id = requireSubject(jwt.getSubject());
        return new CurrentUser(id, orElse(jwt.getClaimAsString("preferred_username"), id), jwt.getClaimAsString("email"),
                KeycloakRoleConverter.realmRoles(jwt.getClaims()));
    }

    /** The user of an OIDC login, with the realm roles of its ID token and userinfo claims. */
    public static CurrentUser of(OidcUser user) {
        String id = requireSubject(user.getSubject());
        return new CurrentUser(id, orElse(user.getPreferredUsername(), id), user.getEmail(),
                KeycloakRoleConverter.realmRoles(user.getClaims()));
    }

    /**
     * The user of an authentication, with the roles of its {@code ROLE_*} authorities (what {@code hasRole} checks);
     * empty for {@code null} and anonymous authentications.
     */
    public static Optional<CurrentUser> of(@Nullable Authentication authentication) {
        if (authentication == null
                || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        var roles = new LinkedHashSet<String>();
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (name != null && name.startsWith(KeycloakRoleConverter.ROLE_PREFIX)) {
                roles.add(name.substring(KeycloakRoleConverter.ROLE_PREFIX.length()));
            }
        }
        CurrentUser user = switch (authentication.getPrincipal()) {
            case Jwt jwt -> of(jwt);
            case OidcUser oidc -> of(oidc);
            case null, default -> new CurrentUser(authentication.getName(), authentication.getName(), null, Set.of());
        };
        return Optional.of(new CurrentUser(user.id(), user.username(), user.email(), roles));
    }

    /** The user of the current thread's security context, if any. */
    public static Optional<CurrentUser> current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    /** Whether the user has the realm role {@code role}, given without the {@code ROLE_} prefix. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    private static String requireSubject(@Nullable String subject) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("token has no subject (sub claim): '" + subject + "'");
        }
        return subject;
    }

    private static String orElse(@Nullable String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
