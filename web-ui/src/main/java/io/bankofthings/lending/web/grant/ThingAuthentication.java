package io.bankofthings.lending.web.grant;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A thing authenticated by its own credential; its name is the thing id. It holds the single role {@code thing}. */
class ThingAuthentication extends AbstractAuthenticationToken {

    static final String ROLE = "thing";

    private final String thingId;

    ThingAuthentication(String thingId) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
        this.thingId = thingId;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return thingId;
    }

    @Override
    public String getName() {
        return thingId;
    }
}
