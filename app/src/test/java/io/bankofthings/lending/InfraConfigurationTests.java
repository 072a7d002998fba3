package io.bankofthings.lending;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankofthings.lending.identity.KeycloakSettings;
import io.bankofthings.lending.ingestion.MqttSettings;
import io.bankofthings.lending.storage.StorageSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks the production files in {@code infra/} without Docker or Kubernetes: they parse, every replica of the
 * application gets every setting it needs (and the settings bind to the application's own properties), secrets are
 * never literal, every variable is in the one reference table, Zeebe runs 8.5 (Zeebe Community License), and the
 * production Keycloak realm has no users, no password grant, brute-force detection and short tokens.
 */
class InfraConfigurationTests {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path INFRA = REPO.resolve("infra");

    /** What every replica of the application must get in production. */
    static final Set<String> REQUIRED = Set.of(
            "LENDING_EMBEDDED_ZEEBE_ENABLED", "LENDING_EMBEDDED_POSTGRES_ENABLED", "LENDING_EMBEDDED_S3_ENABLED",
            "LENDING_EMBEDDED_MQTT_ENABLED", "SERVER_ADDRESS", "CAMUNDA_CLIENT_GRPC_ADDRESS",
            "CAMUNDA_CLIENT_PREFER_REST_OVER_GRPC", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD", "LENDING_STORAGE_ENDPOINT", "LENDING_STORAGE_ACCESS_KEY",
            "LENDING_STORAGE_SECRET_KEY", "LENDING_MQTT_URL", "LENDING_MQTT_USERNAME", "LENDING_MQTT_PASSWORD",
            "LENDING_KEYCLOAK_URL", "LENDING_KEYCLOAK_PUBLIC_URL", "LENDING_ROLES_WEB", "LENDING_ROLES_WORKERS",
            "LENDING_ROLES_INGESTION");

    static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|ACCESS_KEY).*");
    static final Pattern REQUIRED_REFERENCE = Pattern.compile("\\$\\{[A-Z0-9_]+:\\?[^}]*}");

    static final Map<String, Map<String, Boolean>> ROLES = Map.of(
            "web", Map.of("WEB", true, "WORKERS", false, "INGESTION", false),
            "workers", Map.of("WEB", false, "WORKERS", true, "INGESTION", false),
            "ingestion", Map.of("WEB", false, "WORKERS", false, "INGESTION", true));

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    static Map<String, String> strings(Object value) {
        var result = new LinkedHashMap<String, String>();
        map(value).forEach((key, v) -> result.put(key, String.valueOf(v)));
        return result;
    }

    static String documentedTable() throws IOException {
        return Files.readString(REPO.resolve("docs/configuration.md"));
    }

    @Test
    void composeGivesEveryReplicaItsSettingsAndRoleWithoutLiteralSecrets() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(INFRA.resolve("docker-compose.yml")));
        var services = map(compose.get("services"));
        assertThat(services).containsKeys("postgres", "keycloak", "zeebe-0", "zeebe-1", "zeebe-2", "zeebe-gateway",
                "minio", "mosquitto", "web", "workers", "ingestion");
        String docs = documentedTable();

        String image = null;
        for (var role : ROLES.entrySet()) {
            var service = map(services.get(role.getKey()));
            image = image == null ? (String) service.get("image") : image;
            assertThat(service.get("image")).as("one image for every role").isEqualTo(image);
            var env = strings(service.get("environment"));
            assertThat(env.keySet()).as(role.getKey()).containsAll(REQUIRED);
            role.getValue().forEach((name, on) ->
                    assertThat(env.get("LENDING_ROLES_" + name)).as(role.getKey() + " " + name).isEqualTo(on.toString()));
            assertThat(env.get("LENDING_EMBEDDED_ZEEBE_ENABLED")).isEqualTo("false");
            env.forEach((name, value) -> {
                if (SECRET_NAME.matcher(name).matches()) {
                    assertThat(value).as("%s must come from the environment", name).matches(REQUIRED_REFERENCE);
                }
                assertThat(docs).as("%s in docs/configuration.md", name).contains("`" + name + "`");
            });
            bindsToTheApplicationsSettings(env);
        }
        assertThat(map(map(services.get("ingestion")).get("deploy")).get("replicas")).isEqualTo(1);

        for (var service : services.entrySet()) {
            Object environment = map(service.getValue()).get("environment");
            if (environment != null) {
                strings(environment).forEach((name, value) -> {
                    if (SECRET_NAME.matcher(name).matches()) {
                        assertThat(value).as("%s of %s", name, service.getKey()).matches(REQUIRED_REFERENCE);
                    }
                });
            }
            String serviceImage = (String) map(service.getValue()).get("image");
            if (serviceImage != null && serviceImage.startsWith("camunda/zeebe")) {
                assertThat(serviceImage).as("Zeebe Community License").startsWith("camunda/zeebe:8.5.");
            }
        }
    }

    /** The compose values, as environment variables, bind to the application's own settings records. */
    private static void bindsToTheApplicationsSettings(Map<String, String> env) {
        var resolved = new HashMap<String, Object>();
        env.forEach((name, value) -> resolved.put(name, REQUIRED_REFERENCE.matcher(value).matches() ? "from-env" : value));
        var sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource("compose", resolved));
        var binder = new Binder(ConfigurationPropertySources.from(sources));

        var storage = binder.bindOrCreate("lending.storage", StorageSettings.class);
        assertThat(storage.endpoint()).isEqualTo(URI.create("http://minio:9000"));
        assertThat(storage.secretKey()).isEqualTo("from-env");
        var mqtt = binder.bindOrCreate("lending.mqtt", MqttSettings.class);
        assertThat(mqtt.url()).isEqualTo(URI.create("tcp://mosquitto:1883"));
        assertThat(mqtt.password()).isEqualTo("from-env");
        var keycloak = binder.bindOrCreate("lending.keycloak", KeycloakSettings.class);
        assertThat(keycloak.jwkSetUri()).isEqualTo("http://keycloak:8080/realms/lending/protocol/openid-connect/certs");
        assertThat(binder.bind("lending.embedded.postgres.enabled", Boolean.class).get()).isFalse();
        assertThat(binder.bind("lending.embedded.s3.enabled", Boolean.class).get()).isFalse();
        assertThat(binder.bind("lending.embedded.mqtt.enabled", Boolean.class).get()).isFalse();
        assertThat(binder.bind("camunda.client.grpc-address", String.class).get()).isEqualTo("http://zeebe-gateway:26500");
        assertThat(binder.bind("spring.datasource.url", String.class).get()).startsWith("jdbc:postgresql://postgres:");
    }

    @Test
    void kubernetesDeploymentsGetEverySettingTheirRoleAndProbes() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(INFRA.resolve("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    if (document != null) {
                        documents.add(map(document));
                    }
                }
            }
        }
        var configMap = documents.stream()
                .filter(d -> d.get("kind").equals("ConfigMap") && map(d.get("metadata")).get("name").equals("lending-config"))
                .findFirst().orElseThrow();
        var configured = strings(configMap.get("data"));
        configured.values().forEach(value -> assertThat(value).doesNotContainIgnoringCase("password"));
        String docs = documentedTable();
        configured.keySet().forEach(name -> assertThat(docs).as(name).contains("`" + name + "`"));
        // the secrets come from the Secret lending-secrets, which is never in the repository
        Set<String> fromSecret = Set.of("SPRING_DATASOURCE_PASSWORD", "LENDING_STORAGE_ACCESS_KEY",
                "LENDING_STORAGE_SECRET_KEY", "LENDING_MQTT_PASSWORD");
        assertThat(documents).noneMatch(d -> d.get("kind").equals("Secret"));

        var seenRoles = new TreeSet<String>();
        for (var deployment : documents) {
            if (!deployment.get("kind").equals("Deployment")
                    || !String.valueOf(map(deployment.get("metadata")).get("name")).startsWith("lending-")) {
                continue;
            }
            var pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
            @SuppressWarnings("unchecked")
            var container = map(((List<Object>) pod.get("containers")).getFirst());
            var names = new TreeSet<>(configured.keySet());
            names.addAll(fromSecret);
            var roleValues = new HashMap<String, String>();
            @SuppressWarnings("unchecked")
            var env = (List<Object>) container.get("env");
            for (Object entry : env) {
                names.add((String) map(entry).get("name"));
                roleValues.put((String) map(entry).get("name"), String.valueOf(map(entry).get("value")));
            }
            assertThat(String.valueOf(container.get("envFrom"))).contains("lending-config", "lending-secrets");
            assertThat(names).containsAll(REQUIRED);
            String role = String.valueOf(map(map(deployment.get("metadata")).get("labels")).get("role"));
            seenRoles.add(role);
            ROLES.get(role).forEach((name, on) ->
                    assertThat(roleValues.get("LENDING_ROLES_" + name)).as(role + " " + name).isEqualTo(on.toString()));
            assertThat(String.valueOf(container.get("readinessProbe"))).contains("/actuator/health/readiness");
            assertThat(String.valueOf(container.get("livenessProbe"))).contains("/actuator/health/liveness");
        }
        assertThat(seenRoles).containsExactly("ingestion", "web", "workers");
        assertThat(documents).filteredOn(d -> String.valueOf(d.get("kind")).matches("StatefulSet|Deployment"))
                .allSatisfy(d -> assertThat(String.valueOf(d)).doesNotContain("camunda/zeebe:8.6", "camunda/zeebe:8.7",
                        "camunda/zeebe:8.8"));
    }

    @Test
    void productionRealmHasNoUsersNoPasswordGrantNoSecretsAndShortTokens() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(INFRA.resolve("keycloak/lending-realm.json").toFile());
        JsonNode dev = new ObjectMapper().readTree(
                REPO.resolve("identity/src/main/resources/keycloak/lending-realm.json").toFile());

        assertThat(realm.get("realm").asText()).isEqualTo(dev.get("realm").asText());
        assertThat(realm.has("users")).isFalse();
        assertThat(realm.get("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.get("accessTokenLifespan").asInt()).isBetween(60, 300);
        assertThat(realm.get("sslRequired").asText()).isEqualTo("all");
        assertThat(realm.get("registrationAllowed").asBoolean()).isFalse();
        assertThat(realm.get("passwordPolicy").asText()).contains("length(12)");
        assertThat(realm.at("/roles/realm").findValuesAsText("name"))
                .containsExactlyInAnyOrderElementsOf(dev.at("/roles/realm").findValuesAsText("name"));
        for (JsonNode client : realm.get("clients")) {
            String id = client.get("clientId").asText();
            assertThat(client.path("directAccessGrantsEnabled").asBoolean(false)).as(id).isFalse();
            assertThat(client.path("implicitFlowEnabled").asBoolean(false)).as(id).isFalse();
            assertThat(client.has("secret")).as("%s secret is generated by Keycloak", id).isFalse();
            client.path("redirectUris").forEach(uri -> assertThat(uri.asText()).startsWith("${LENDING_PUBLIC_URL}"));
        }
        assertThat(realm.get("clients").findValuesAsText("clientId")).containsExactlyInAnyOrder("lending-web", "lending-service");
        // the dev realm keeps brute-force detection and short tokens too
        assertThat(dev.get("bruteForceProtected").asBoolean()).isTrue();
        assertThat(dev.get("accessTokenLifespan").asInt()).isLessThanOrEqualTo(300);
    }

    @Test
    void noSecretIsCommittedOutsideClearlyMarkedDevDefaults() throws IOException {
        var literal = Pattern.compile("(?i)(password|secret|secret[-_]?key)['\"]?[ \\t]*[:=][ \\t]*['\"]?([A-Za-z0-9+/_\\-]{8,})");
        var offenders = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(REPO)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/node_modules/")
                            && !f.toString().contains("/.git/") && !f.toString().contains("/.lending/")
                            && !f.toString().contains("/data/") && !f.toString().contains("/src/test/"))
                    .filter(f -> f.toString().matches(".*\\.(ya?ml|properties|json|env|example|conf|sh)$")
                            || f.getFileName().toString().equals("Dockerfile"))
                    .toList()) {
                if (file.getFileName().toString().equals("package-lock.json")) {
                    continue;
                }
                var matcher = literal.matcher(Files.readString(file));
                while (matcher.find()) {
                    String value = matcher.group(2);
                    if (!value.toLowerCase().contains("dev") && !value.startsWith("$")) {
                        offenders.add(REPO.relativize(file) + ": " + matcher.group());
                    }
                }
            }
        }
        assertThat(offenders).as("literal secrets; dev defaults must say 'dev'").isEmpty();
    }
}
