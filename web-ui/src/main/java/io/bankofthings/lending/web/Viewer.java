package io.bankofthings.lending.web;

import io.bankofthings.lending.web.audit.Actor;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Who is looking at a page, for the header: the user name and the roles (without the {@code ROLE_} prefix) that
 * decide which navigation entries appear.
 */
public record Viewer(String username, Set<String> roles) {

    static Viewer of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return new Viewer(null, Set.of());
        }
        var roles = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring("ROLE_".length()))
                .collect(Collectors.toUnmodifiableSet());
        return new Viewer(Actor.username(authentication), roles);
    }

    public boolean has(String role) {
        return roles.contains(role) || roles.contains("admin");
    }
}
