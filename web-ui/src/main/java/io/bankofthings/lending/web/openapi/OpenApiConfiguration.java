package io.bankofthings.lending.web.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Describes the API for clients: people authenticate with a Keycloak bearer token, things with
 * {@code Authorization: Thing <credential>}; every error is an RFC 9457 problem. The request examples below are the
 * ones the README and the tests use.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "keycloak-bearer";
    static final String THING = "thing-credential";
    static final String PROBLEM_JSON = "application/problem+json";

    static final String LOAN_APPLICATION = """
            {"amountMinor": 1000000, "currency": "EUR", "termMonths": 24, "purpose": "new press",
             "collateral": [{"kind": "EQUIPMENT", "description": "Hydraulic press",
                             "declaredValueMinor": 5000000, "deviceId": "press-001"}]}""";
    static final String THING_REGISTRATION = """
            {"ownerType": "PERSON", "kind": "VEHICLE", "serial": "WVW-123456", "displayName": "my car"}""";
    static final String GRANT_REQUEST = """
            {"currency": "EUR", "allowedCounterparties": ["ionity-berlin"], "allowedMerchantCategories": ["5541"],
             "maxPerTransactionMinor": 2000, "dailyLimitMinor": 5000, "monthlyLimitMinor": 30000,
             "validUntil": "2027-01-01T00:00:00Z"}""";
    static final String PAYMENT = """
            {"amountMinor": 1500, "currency": "EUR", "counterparty": "ionity-berlin", "merchantCategory": "5541",
             "description": "charging"}""";
    static final String DECISION = """
            {"outcome": "APPROVE", "reason": "collateral verified on site"}""";
    static final String PROBLEM = """
            {"type": "about:blank", "title": "Bad Request", "status": 400,
             "detail": "The loan application has invalid fields", "instance": "/api/loan-applications",
             "errors": [{"field": "amountMinor", "message": "must be positive"}]}""";
    static final String RATE_LIMITED = """
            {"type": "about:blank", "title": "Too Many Requests", "status": 429,
             "detail": "Rate limit 'applications' allows 10 requests at once; try again in 360 s",
             "instance": "/api/loan-applications", "limit": "applications", "retryAfterSeconds": 360}""";

    @Bean
    OpenAPI lendingOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Bank of Things lending API")
                        .version("v1")
                        .description("Loan applications against movable collateral, underwriting, BPMN/DMN models, "
                                + "things and their payment grants. Money is in minor units with an ISO currency. "
                                + "Errors are RFC 9457 problem details (application/problem+json).")
                        .license(new License().name("Apache 2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                                .description("Access token of the Keycloak realm `lending` (roles in realm_access.roles)"))
                        .addSecuritySchemes(THING, new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("Authorization")
                                .description("`Thing <credential>`: the credential returned once at registration"))
                        .addExamples("problem", new Example().summary("A problem with field errors").value(PROBLEM))
                        .addExamples("rateLimited", new Example().summary("A rate limit refused the request")
                                .value(RATE_LIMITED)))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Request examples, thing authentication on payments, and the problem responses every operation can give. */
    @Bean
    OpenApiCustomizer lendingExamples() {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            if (api.getComponents().getSchemas() == null
                    || !api.getComponents().getSchemas().containsKey("ProblemDetail")) {
                api.getComponents().addSchemas("ProblemDetail", new ObjectSchema()
                        .description("RFC 9457 problem details")
                        .addProperty("type", new StringSchema())
                        .addProperty("title", new StringSchema())
                        .addProperty("status", new IntegerSchema())
                        .addProperty("detail", new StringSchema())
                        .addProperty("instance", new StringSchema()));
            }
            example(api, "/api/loan-applications", PathItem.HttpMethod.POST, LOAN_APPLICATION);
            example(api, "/api/things", PathItem.HttpMethod.POST, THING_REGISTRATION);
            example(api, "/api/things/{thingId}/grants", PathItem.HttpMethod.POST, GRANT_REQUEST);
            example(api, "/api/grants/{grantId}/limits", PathItem.HttpMethod.PUT, GRANT_REQUEST);
            example(api, "/api/things/{thingId}/payments", PathItem.HttpMethod.POST, PAYMENT);
            example(api, "/api/underwriting/tasks/{loanId}/decision", PathItem.HttpMethod.POST, DECISION);
            var payments = api.getPaths().get("/api/things/{thingId}/payments");
            if (payments != null && payments.getPost() != null) {
                payments.getPost().setSecurity(List.of(new SecurityRequirement().addList(THING)));
            }
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                addProblem(operation, "400", "Invalid input, with field errors");
                addProblem(operation, "401", "No valid credential");
                addProblem(operation, "403", "The caller's roles do not allow this");
                if (path.contains("{")) {
                    addProblem(operation, "404", "Not found, or not the caller's");
                }
                if (path.equals("/api/loan-applications") && method == PathItem.HttpMethod.POST
                        || path.equals("/api/things/{thingId}/payments")) {
                    addProblem(operation, "429", "Rate limit reached; see Retry-After");
                }
            }));
        };
    }

    private static void example(OpenAPI api, String path, PathItem.HttpMethod method, String json) {
        var item = api.getPaths().get(path);
        Operation operation = item == null ? null : item.readOperationsMap().get(method);
        if (operation == null || operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        operation.getRequestBody().getContent().values()
                .forEach(media -> media.setExamples(Map.of("example", new Example().value(json))));
    }

    private static void addProblem(Operation operation, String status, String description) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        if (operation.getResponses().containsKey(status)) {
            return;
        }
        var media = new MediaType().schema(new ObjectSchema().$ref("#/components/schemas/ProblemDetail"));
        if (status.equals("400")) {
            media.setExamples(Map.of("problem", new Example().$ref("#/components/examples/problem")));
        } else if (status.equals("429")) {
            media.setExamples(Map.of("rateLimited", new Example().$ref("#/components/examples/rateLimited")));
        }
        operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON, media)));
    }
}
