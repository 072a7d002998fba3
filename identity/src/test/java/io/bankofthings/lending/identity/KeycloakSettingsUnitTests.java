package io.bankofthings.lending.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class KeycloakSettingsUnitTests {

    private static KeycloakSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("lending.keycloak", KeycloakSettings.class);
    }

    @Test
    void defaultsPointAtTheLocalDevKeycloak() {
        var settings = bind(Map.of());

        assertThat(KeycloakSettings.defaults()).isEqualTo(settings);
        assertThat(settings.issuerUri()).isEqualTo("http://127.0.0.1:18080/realms/lending");
        assertThat(settings.authorizationUri())
                .isEqualTo("http://127.0.0.1:18080/realms/lending/protocol/openid-connect/auth");
        assertThat(settings.tokenUri()).isEqualTo("http://127.0.0.1:18080/realms/lending/protocol/openid-connect/token");
        assertThat(settings.jwkSetUri()).isEqualTo("http://127.0.0.1:18080/realms/lending/protocol/openid-connect/certs");
        assertThat(settings.userInfoUri())
                .isEqualTo("http://127.0.0.1:18080/realms/lending/protocol/openid-connect/userinfo");
        assertThat(settings.endSessionUri())
                .isEqualTo("http://127.0.0.1:18080/realms/lending/protocol/openid-connect/logout");
        assertThat(settings.webClientId()).isEqualTo("lending-web");
        assertThat(settings.apiPaths()).containsExactly("/api/**");
        assertThat(settings.publicPaths())
                .contains("/css/**", "/js/**", "/webjars/**", "/actuator/health/**")
                .doesNotContain("/", "/**", "/api/**");
        assertThat(settings.selfAuthenticatedPaths()).isEmpty();
    }

    @Test
    void browserEndpointsUseThePublicUrlAndBackChannelEndpointsTheUrl() {
        var settings = bind(Map.of(
                "lending.keycloak.url", "http://keycloak:8080/",
                "lending.keycloak.public-url", "https://login.example.com",
                "lending.keycloak.realm", "bank"));

        assertThat(settings.authorizationUri()).startsWith("https://login.example.com/realms/bank/");
        assertThat(settings.endSessionUri()).startsWith("https://login.example.com/realms/bank/");
        assertThat(settings.issuerUri()).isEqualTo("https://login.example.com/realms/bank");
        assertThat(settings.tokenUri()).startsWith("http://keycloak:8080/realms/bank/");
        assertThat(settings.jwkSetUri()).startsWith("http://keycloak:8080/realms/bank/");
    }

    @Test
    void explicitIssuerWins() {
        var settings = bind(Map.of("lending.keycloak.issuer", "https://id.example.com/realms/lending/"));

        assertThat(settings.issuerUri()).isEqualTo("https://id.example.com/realms/lending");
    }

    @Test
    void bindsPathListsFromCommaSeparatedValues() {
        var settings = bind(Map.of(
                "lending.keycloak.api-paths", "/api/**,/v2/**",
                "lending.keycloak.self-authenticated-paths", "/ingest/**"));

        assertThat(settings.apiPaths()).isEqualTo(List.of("/api/**", "/v2/**"));
        assertThat(settings.selfAuthenticatedPaths()).isEqualTo(List.of("/ingest/**"));
    }

    @Test
    void rejectsBlankUrlAndRealm() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new KeycloakSettings(" / ", null, null, "lending", "lending-web", List.of(), List.of(),
                        List.of(), "{baseUrl}/"))
                .withMessageContaining("' / '");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new KeycloakSettings("http://kc", null, null, " ", "lending-web", List.of(), List.of(),
                        List.of(), "{baseUrl}/"))
                .withMessageContaining("realm");
    }
}
