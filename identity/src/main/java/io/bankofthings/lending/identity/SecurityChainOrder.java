package io.bankofthings.lending.identity;

/**
 * Orders of the application's {@code SecurityFilterChain}s; the first chain whose matcher fits a request handles it.
 *
 * <p>A module that authenticates its own paths (for example {@code camel-routes} for {@code /ingest/**} with device
 * credentials) registers a chain with {@code http.securityMatcher("/ingest/**")} and {@code @Order(MODULES)}. A
 * module that authenticates inside its handlers instead lists its paths in
 * {@code lending.keycloak.self-authenticated-paths}.
 */
public final class SecurityChainOrder {

    /** Chains of other modules guarding their own paths; they win over the API and page chains. */
    public static final int MODULES = 10;

    /** The chain of the IoT platform webhooks {@code /ingest/**}, authenticated by platform secret. */
    public static final int INGEST = 12;

    /** The chain that lets {@code lending.keycloak.self-authenticated-paths} through without a session or token. */
    public static final int SELF_AUTHENTICATED = 15;

    /** The stateless JWT resource server for {@code lending.keycloak.api-paths}. */
    public static final int API = 20;

    /** The OIDC login chain; it matches every request, so it comes last. */
    public static final int PAGES = 100;

    private SecurityChainOrder() {}
}
