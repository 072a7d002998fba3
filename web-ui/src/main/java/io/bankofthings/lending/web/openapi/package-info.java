/** The OpenAPI description of {@code /api/**}, served at {@code /v3/api-docs} with Swagger UI, with examples. */
package io.bankofthings.lending.web.openapi;
