package io.bankofthings.lending.web.model;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the modeler.
 *
 * @param maxModelBytes largest model file accepted, in bytes (default 1 MiB; the engine's own limit is about 4 MB
 *     for a whole deployment)
 */
@ConfigurationProperties("lending.modeler")
public record ModelerSettings(@DefaultValue("1048576") long maxModelBytes) {}
