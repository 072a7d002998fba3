package io.bankofthings.lending.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Creates the annotated bean only on a replica with the workers role ({@code lending.roles.workers}, on by default),
 * like the Zeebe job workers: for the schedulers that do worker-side work (start and resume processes, publish
 * alerts, run the monitoring rules), so a web-only replica runs none of them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(name = ConditionalOnWorkersRole.PROPERTY, havingValue = "true", matchIfMissing = true)
public @interface ConditionalOnWorkersRole {

    /** The role switch. */
    String PROPERTY = "lending.roles.workers";
}
