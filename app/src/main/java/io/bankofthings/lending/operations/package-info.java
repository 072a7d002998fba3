/**
 * Operations of the running platform: health indicators per component (Zeebe gateway, object store, MQTT broker
 * connection) for the liveness and readiness groups, and the role switches that let one image run as web, workers or
 * ingestion replicas.
 */
package io.bankofthings.lending.operations;
