package io.bankofthings.lending.web.audit;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The user name recorded for an action: Keycloak's {@code preferred_username}, else the principal's name. */
public final class Actor {

    private Actor() {}

    public static String username(Authentication authentication) {
        if (authentication == null) {
            throw new IllegalStateException("An audited action needs an authenticated user");
        }
        if (authentication instanceof JwtAuthenticationToken jwt) {
            String name = jwt.getToken().getClaimAsString("preferred_username");
            if (name != null && !name.isBlank()) {
                return name;
            }
        }
        if (authentication.getPrincipal() instanceof OidcUser user && user.getPreferredUsername() != null) {
            return user.getPreferredUsername();
        }
        return authentication.getName();
    }
}
