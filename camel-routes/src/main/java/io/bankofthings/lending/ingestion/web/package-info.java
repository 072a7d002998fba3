/**
 * Webhooks {@code POST /ingest/{platform}} (platform authentication by shared secret, one small adapter per IoT
 * platform format, hand-over to the ingestion route) and the ingestion API {@code /api/ingestion/**}.
 */
@NullMarked
package io.bankofthings.lending.ingestion.web;

import org.jspecify.annotations.NullMarked;
