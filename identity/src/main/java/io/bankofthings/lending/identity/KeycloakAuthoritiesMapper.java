package io.bankofthings.lending.identity;

import java.util.Collection;
import java.util.LinkedHashSet;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;

/**
 * Adds {@code ROLE_<role>} authorities for the realm roles found in the ID token and userinfo of an OIDC login,
 * keeping the authorities Spring Security granted already ({@code OIDC_USER}, {@code SCOPE_*}).
 */
final class KeycloakAuthoritiesMapper implements GrantedAuthoritiesMapper {

    @Override
    public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
        var mapped = new LinkedHashSet<GrantedAuthority>(authorities);
        var roles = new LinkedHashSet<String>();
        for (GrantedAuthority authority : authorities) {
            if (authority instanceof OidcUserAuthority oidc) {
                roles.addAll(KeycloakRoleConverter.realmRoles(oidc.getIdToken().getClaims()));
                if (oidc.getUserInfo() != null) {
                    roles.addAll(KeycloakRoleConverter.realmRoles(oidc.getUserInfo().getClaims()));
                }
            } else if (authority instanceof OAuth2UserAuthority oauth2) {
                roles.addAll(KeycloakRoleConverter.realmRoles(oauth2.getAttributes()));
            }
        }
        mapped.addAll(KeycloakRoleConverter.authorities(roles));
        return mapped;
    }
}
