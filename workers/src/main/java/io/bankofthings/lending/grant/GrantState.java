package io.bankofthings.lending.grant;

import java.util.EnumSet;
import java.util.Set;

/** The life of a grant; only an AUTHORIZED grant lets payments through. */
public enum GrantState {
    REQUESTED,
    AUTHORIZED,
    REJECTED,
    SUSPENDED,
    REVOKED,
    EXPIRED;

    /** States in which a grant is still alive; a thing has at most one grant in these. */
    public static final Set<GrantState> OPEN = EnumSet.of(REQUESTED, AUTHORIZED, SUSPENDED);

    public boolean isOpen() {
        return OPEN.contains(this);
    }
}
