/**
 * Authenticates people against the Keycloak realm {@code lending}: OIDC login for pages, a JWT resource server for
 * {@code /api/**}, and realm roles as {@code ROLE_<role>} authorities.
 */
@NullMarked
package io.bankofthings.lending.identity;

import org.jspecify.annotations.NullMarked;
