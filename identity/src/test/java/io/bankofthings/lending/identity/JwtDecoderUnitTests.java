package io.bankofthings.lending.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/** The application's JwtDecoder against a local JWK set endpoint that stands in for Keycloak's. */
class JwtDecoderUnitTests {

    private RSAKey realmKey;
    private HttpServer keycloak;
    private String issuer;
    private JwtDecoder decoder;

    @BeforeEach
    void serveTheRealmKeys() throws Exception {
        realmKey = new RSAKeyGenerator(2048).keyID("realm-key").generate();
        byte[] jwks = new JWKSet(realmKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        keycloak = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        keycloak.createContext("/realms/lending/protocol/openid-connect/certs", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        keycloak.start();
        String url = "http://127.0.0.1:" + keycloak.getAddress().getPort();
        issuer = url + "/realms/lending";
        var settings = new KeycloakSettings(url, null, null, "lending", "lending-web", List.of("/api/**"), List.of(),
                List.of(), "{baseUrl}/");
        decoder = new SecurityConfiguration().jwtDecoder(settings);
    }

    @AfterEach
    void stop() {
        keycloak.stop(0);
    }

    private String token(RSAKey key, Consumer<JWTClaimsSet.Builder> claims) throws Exception {
        var builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("bob-id")
                .claim("preferred_username", "bob")
                .claim("realm_access", Map.of("roles", List.of("borrower")))
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300)));
        claims.accept(builder);
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), builder.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void acceptsARealmTokenAndKeepsItsRoles() throws Exception {
        var jwt = decoder.decode(token(realmKey, claims -> {}));

        assertThat(jwt.getSubject()).isEqualTo("bob-id");
        assertThat(KeycloakRoleConverter.realmRoles(jwt.getClaims())).containsExactly("borrower");
    }

    @Test
    void rejectsAnotherIssuer() throws Exception {
        String foreign = token(realmKey, claims -> claims.issuer("http://127.0.0.1:1/realms/other"));

        assertThatExceptionOfType(JwtValidationException.class)
                .isThrownBy(() -> decoder.decode(foreign))
                .withMessageContaining("iss");
    }

    @Test
    void rejectsAnExpiredToken() throws Exception {
        String expired = token(realmKey, claims -> claims
                .issueTime(Date.from(Instant.now().minusSeconds(900)))
                .expirationTime(Date.from(Instant.now().minusSeconds(600))));

        assertThatExceptionOfType(JwtValidationException.class)
                .isThrownBy(() -> decoder.decode(expired))
                .withMessageContaining("expired");
    }

    @Test
    void rejectsATokenWithoutSubject() throws Exception {
        String anonymous = token(realmKey, claims -> claims.subject(null));

        assertThatExceptionOfType(JwtValidationException.class)
                .isThrownBy(() -> decoder.decode(anonymous))
                .withMessageContaining("sub");
    }

    @Test
    void rejectsATokenSignedByAnotherKey() throws Exception {
        var otherKey = new RSAKeyGenerator(2048).keyID("realm-key").generate();

        assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token(otherKey, claims -> {})));
    }
}
